package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The baseline RoleBinding {@value #NAME} that gives the janitor get, list and patch inside one CI namespace (ClusterRole
 * {@code ephemeral-ns-janitor-in-ci-namespaces} of files/rbac/janitor.yaml), with the finalizer {@value #FINALIZER}
 * that keeps it until the janitor releases it, exactly as the default baseline profile defines it.
 *
 * <p>In CI namespaces the baseline reconciler creates it (default profile). The tests use this copy in namespaces
 * that are not CI ({@code JanitorAdmissionE2ETest}), to give the janitor rights on purpose, so that only the
 * admission rule stands in its way.
 */
final class JanitorAccessBinding {

    static final String NAME = "ephemeral-ns-janitor-access";
    static final String FINALIZER = "ephemeral-ns.io/janitor-access";
    static final String CLUSTER_ROLE = "ephemeral-ns-janitor-in-ci-namespaces";

    private JanitorAccessBinding() {
    }

    /**
     * Creates the RoleBinding in the namespace unless it exists: the webhook's baseline reconciler may create the same
     * binding at the same moment (with {@code janitor-access} on), so "already exists" counts as granted.
     */
    static void grant(KubernetesClient admin, String namespace) {
        if (admin.rbac().roleBindings().inNamespace(namespace).withName(NAME).get() != null) {
            return;
        }
        RoleBinding binding = new RoleBindingBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .addToLabels("ephemeral-ns.io/baseline", "true").addToLabels("app.kubernetes.io/managed-by", "ephemeral-ns")
                .addToFinalizers(FINALIZER).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", CLUSTER_ROLE)
                .addNewSubject().withKind("ServiceAccount").withName("ephemeral-ns-janitor")
                .withNamespace(ServiceAccountIdentity.NAMESPACE).endSubject()
                .build();
        try {
            admin.rbac().roleBindings().inNamespace(namespace).resource(binding).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Removes its finalizer (test clean-up of a namespace the janitor must not release). */
    static void release(KubernetesClient admin, String namespace) {
        if (admin.rbac().roleBindings().inNamespace(namespace).withName(NAME).get() != null) {
            admin.rbac().roleBindings().inNamespace(namespace).withName(NAME)
                    .edit(binding -> new RoleBindingBuilder(binding).editMetadata().withFinalizers().endMetadata().build());
        }
    }
}
