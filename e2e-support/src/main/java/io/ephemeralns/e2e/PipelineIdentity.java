package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The identity a CI pipeline ordinarily has, for the adversarial tests: a ServiceAccount (never
 * {@code system:masters}, never exempt) that may create, label, annotate and delete any namespace and do
 * everything the built-in {@code admin} role allows inside namespaces, plus ResourceQuotas and LimitRanges
 * (the seed applies its own quota). What it cannot do is what the product promises it cannot do.
 */
public final class PipelineIdentity {

    public static final String NAMESPACE = "ci-runner";
    public static final String SERVICE_ACCOUNT = "pipeline";
    private static final String ROLE = "e2e-ci-pipeline";

    private PipelineIdentity() {
    }

    /**
     * Creates (idempotently) the ServiceAccount and its rights, and writes a token kubeconfig for it into
     * {@code directory} ({@code pipeline.kubeconfig}).
     *
     * @param apiServerUrl the API server's URL as the pipeline reaches it
     * @param caCert the cluster CA certificate (PEM file)
     */
    public static Path kubeconfig(KubernetesClient admin, String apiServerUrl, Path caCert, Path directory) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .serverSideApply();
        admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(SERVICE_ACCOUNT).endMetadata().build()).serverSideApply();
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(ROLE).endMetadata()
                .addNewRule().withApiGroups("").withResources("namespaces")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").endRule()
                .addNewRule().withApiGroups("").withResources("resourcequotas", "limitranges")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection").endRule()
                .build()).serverSideApply();
        for (String role : new String[] {ROLE, "admin"}) {
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                    .withName("e2e-ci-pipeline-" + role).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                    .addNewSubject().withKind("ServiceAccount").withName(SERVICE_ACCOUNT).withNamespace(NAMESPACE).endSubject()
                    .build()).serverSideApply();
        }
        return TokenKubeconfig.write(directory.resolve("pipeline.kubeconfig"), apiServerUrl, caCert, "pipeline",
                TokenKubeconfig.token(admin, NAMESPACE, SERVICE_ACCOUNT), "default");
    }

    /** {@code system:serviceaccount:ci-runner:pipeline}. */
    public static String username() {
        return "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;
    }
}
