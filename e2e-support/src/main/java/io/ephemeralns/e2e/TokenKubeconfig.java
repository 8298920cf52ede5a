package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A ServiceAccount's identity for a process outside the cluster: a token from the TokenRequest API and a kubeconfig
 * holding it, the way such a process is pointed at a cluster ({@code KUBECONFIG=<file>}).
 */
public final class TokenKubeconfig {

    /** Tokens outlive any test run. */
    private static final long TOKEN_SECONDS = 7200L;

    private TokenKubeconfig() {
    }

    /** Requests a token for {@code serviceAccount} in {@code namespace}. */
    public static String token(KubernetesClient admin, String namespace, String serviceAccount) {
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build())
                .getStatus().getToken();
    }

    /**
     * Writes a kubeconfig to {@code file}: the API server at {@code server} trusted through the CA certificate
     * {@code caCert}, the user {@code user} with {@code token}, {@code namespace} as the default namespace.
     */
    public static Path write(Path file, String server, Path caCert, String user, String token, String namespace) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: e2e
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: %s
                  context:
                    cluster: e2e
                    user: %s
                    namespace: %s
                current-context: %s
                """.formatted(server, caCert, user, token, user, user, namespace, user);
        try {
            Files.writeString(file, kubeconfig);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
