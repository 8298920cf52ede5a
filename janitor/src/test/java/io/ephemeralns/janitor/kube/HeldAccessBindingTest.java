package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * The janitor's RoleBinding in a terminating CI namespace, read before its finalizer is released: the binding grants
 * that read, so once an earlier sweep released it the read is refused.
 */
@EnableKubernetesMockClient
class HeldAccessBindingTest {

    private static final String PATH = "/apis/rbac.authorization.k8s.io/v1/namespaces/ci-a/rolebindings/ephemeral-ns-janitor-access";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aBindingStillHeldByOurFinalizerIsFound() {
        server.expect().get().withPath(PATH).andReturn(200, new RoleBindingBuilder().withNewMetadata()
                .withName("ephemeral-ns-janitor-access").withNamespace("ci-a").withDeletionTimestamp("2026-11-30T12:00:00Z")
                .addToFinalizers("ephemeral-ns.io/janitor-access").endMetadata().build()).once();

        assertThat(new RepairRequests(client).heldAccessBinding("ci-a")).isPresent();
    }

    @Test
    void aReadRefusedBecauseTheBindingIsAlreadyGoneMeansNothingIsHeld() {
        server.expect().get().withPath(PATH).andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("rolebindings.rbac.authorization.k8s.io \"ephemeral-ns-janitor-access\" is forbidden").build())
                .once();

        assertThat(new RepairRequests(client).heldAccessBinding("ci-a")).isEmpty();
    }

    @Test
    void anyOtherFailureOfTheReadIsTheSweepsToReport() {
        server.expect().get().withPath(PATH).andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd timeout")
                .build()).always();

        assertThatThrownBy(() -> new RepairRequests(client).heldAccessBinding("ci-a"))
                .isInstanceOf(KubernetesClientException.class);
    }
}
