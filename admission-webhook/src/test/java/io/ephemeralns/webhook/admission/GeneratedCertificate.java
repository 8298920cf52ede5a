package io.ephemeralns.webhook.admission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Generates a self-signed certificate for localhost with openssl and serves it through the TLS registry's default
 * key store, as in production; allows only HTTPS; and points the Kubernetes client at a port where nothing
 * listens, so the tests also prove that the endpoints answer while the API server is unreachable.
 */
public class GeneratedCertificate implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("webhook-tls");
            Path cert = dir.resolve("tls.crt");
            Path key = dir.resolve("tls.key");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
            }
            return Map.of(
                    "quarkus.tls.key-store.pem.0.cert", cert.toString(),
                    "quarkus.tls.key-store.pem.0.key", key.toString(),
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.kubernetes-client.api-server-url", "https://127.0.0.1:1",
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "ephemeral-ns.own-namespace", "ephemeral-ns");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // the temporary directory is left to the OS: the server may still hold the files while stopping
    }
}
