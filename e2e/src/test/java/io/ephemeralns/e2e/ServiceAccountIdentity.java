package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A program's identity on the real API server: the ServiceAccount the Helm chart created (with the chart's RBAC,
 * so least privilege is tested for real) and a token from the TokenRequest API.
 */
final class ServiceAccountIdentity {

    static final String NAMESPACE = "ephemeral-ns";

    final String serviceAccount;
    final String token;

    private ServiceAccountIdentity(String serviceAccount, String token) {
        this.serviceAccount = serviceAccount;
        this.token = token;
    }

    /** Requests a token for a ServiceAccount the chart created. */
    static ServiceAccountIdentity of(KubernetesClient admin, String serviceAccount) {
        TokenRequest request = admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build());
        return new ServiceAccountIdentity(serviceAccount, request.getStatus().getToken());
    }

    /**
     * Writes a kubeconfig for this identity (token, cluster CA, the product namespace), the way a program
     * outside the cluster is pointed at one: {@code KUBECONFIG=<file>}.
     */
    Path writeKubeconfig(ControlPlane controlPlane, Path directory) {
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
                """.formatted(controlPlane.url(), controlPlane.caCert(), serviceAccount, token, serviceAccount,
                serviceAccount, NAMESPACE, serviceAccount);
        try {
            Path file = directory.resolve(serviceAccount + ".kubeconfig");
            java.nio.file.Files.writeString(file, kubeconfig);
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code system:serviceaccount:<ns>:<name>}. */
    String username() {
        return "system:serviceaccount:" + NAMESPACE + ":" + serviceAccount;
    }
}
