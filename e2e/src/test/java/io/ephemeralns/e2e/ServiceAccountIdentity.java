package io.ephemeralns.e2e;

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
        return new ServiceAccountIdentity(serviceAccount, TokenKubeconfig.token(admin, NAMESPACE, serviceAccount));
    }

    /**
     * Writes a kubeconfig for this identity (token, cluster CA, the product namespace), the way a program
     * outside the cluster is pointed at one: {@code KUBECONFIG=<file>}.
     */
    Path writeKubeconfig(ControlPlane controlPlane, Path directory) {
        return TokenKubeconfig.write(directory.resolve(serviceAccount + ".kubeconfig"), controlPlane.url(), controlPlane.caCert(),
                serviceAccount, token, NAMESPACE);
    }

    /** {@code system:serviceaccount:<ns>:<name>}. */
    String username() {
        return "system:serviceaccount:" + NAMESPACE + ":" + serviceAccount;
    }
}
