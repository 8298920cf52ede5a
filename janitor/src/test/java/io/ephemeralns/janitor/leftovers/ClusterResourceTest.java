package io.ephemeralns.janitor.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResourceTest {

    private static APIResourceList rbac(boolean namespaced, List<String> verbs) {
        return new APIResourceListBuilder().withGroupVersion("rbac.authorization.k8s.io/v1")
                .addToResources(new APIResourceBuilder().withName("clusterroles").withNamespaced(namespaced)
                        .withVerbs(verbs).build())
                .build();
    }

    @Test
    void aClusterScopedResourceThatCanBeListedAndDeletedIsSelected() {
        assertThat(ClusterResource.select(rbac(false, List.of("get", "list", "delete")), "rbac.authorization.k8s.io", "v1",
                "clusterroles")).hasValue(new ClusterResource("rbac.authorization.k8s.io", "v1", "clusterroles"));
    }

    @Test
    void aNamespacedResourceIsNotSelected() {
        assertThat(ClusterResource.select(rbac(true, List.of("list", "delete")), "rbac.authorization.k8s.io", "v1",
                "clusterroles")).isEmpty();
    }

    @Test
    void aResourceWithoutTheDeleteVerbIsNotSelected() {
        assertThat(ClusterResource.select(rbac(false, List.of("get", "list")), "rbac.authorization.k8s.io", "v1",
                "clusterroles")).isEmpty();
    }

    @Test
    void aResourceNotServedIsNotSelected() {
        assertThat(ClusterResource.select(rbac(false, List.of("list", "delete")), "rbac.authorization.k8s.io", "v1",
                "clusterrolebindings")).isEmpty();
        assertThat(ClusterResource.select(null, "rbac.authorization.k8s.io", "v1", "clusterroles")).isEmpty();
    }

    @Test
    void pathsAndDisplayOfGroupAndCoreResources() {
        ClusterResource roles = new ClusterResource("rbac.authorization.k8s.io", "v1", "clusterroles");
        assertThat(roles.path("x")).isEqualTo("/apis/rbac.authorization.k8s.io/v1/clusterroles/x");
        assertThat(roles.display()).isEqualTo("clusterroles.rbac.authorization.k8s.io");
        ClusterResource core = new ClusterResource("", "v1", "widgets");
        assertThat(core.path()).isEqualTo("/api/v1/widgets");
        assertThat(core.display()).isEqualTo("widgets");
    }
}
