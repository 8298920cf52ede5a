package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A program's identity on the real API server: its ServiceAccount, the RBAC manifests the Helm chart ships
 * (read from the chart's files, so least privilege is tested for real), and a token from the TokenRequest API.
 */
final class ServiceAccountIdentity {

    static final String NAMESPACE = "ephemeral-ns";

    final String serviceAccount;
    final String token;

    private ServiceAccountIdentity(String serviceAccount, String token) {
        this.serviceAccount = serviceAccount;
        this.token = token;
    }

    /** Creates the product namespace, the ServiceAccount, applies the chart's RBAC file and requests a token. */
    static ServiceAccountIdentity create(KubernetesClient admin, Path repo, String serviceAccount, String rbacFile) {
        if (admin.namespaces().withName(NAMESPACE).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
        }
        admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(serviceAccount).endMetadata().build()).serverSideApply();
        String manifests = ControlPlane.read(repo.resolve("deploy/helm/ephemeral-ns/files/rbac").resolve(rbacFile))
                .replace("{{ .Release.Namespace }}", NAMESPACE);
        List<HasMetadata> objects = admin.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
        for (HasMetadata object : objects) {
            admin.resource(object).forceConflicts().fieldManager("e2e").serverSideApply();
        }
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
