package io.ephemeralns.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A CA and a serving certificate for {@code 127.0.0.1}, made with openssl: the webhook serves with it and the
 * API server trusts it through the webhook configurations' {@code caBundle}, exactly as in a cluster.
 */
record ServingCertificate(Path cert, Path key, Path caCert) {

    static ServingCertificate create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path caKey = directory.resolve("ca.key");
        Path caCert = directory.resolve("ca.crt");
        Path key = directory.resolve("tls.key");
        Path csr = directory.resolve("tls.csr");
        Path cert = directory.resolve("tls.crt");
        Path ext = directory.resolve("san.ext");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ephemeral-ns-e2e-ca",
                "-keyout", caKey.toString(), "-out", caCert.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key.toString(),
                "-out", csr.toString());
        try {
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return new ServingCertificate(cert, key, caCert);
    }

    /** The CA certificate, base64-encoded PEM, as a webhook configuration's {@code caBundle} wants it. */
    String caBundle() {
        return Base64.getEncoder().encodeToString(ControlPlane.read(caCert).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Shell.run(Duration.ofSeconds(60), Map.of(), command).ok();
    }
}
