package io.ephemeralns.janitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stuck repair against the mock server: the kinds named by the namespace's conditions are found through discovery,
 * at most janitor.stuck.max-repairs-per-sweep objects are repaired per sweep, the rest are pending, and one Event
 * per namespace tells what was removed.
 */
@QuarkusTest
@TestProfile(StuckRepairBudgetTest.BudgetOfTwo.class)
@WithKubernetesTestServer
class StuckRepairBudgetTest {

    public static class BudgetOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("janitor.stuck.max-repairs-per-sweep", "2");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    Sweeper sweeper;

    @BeforeEach
    void stuckNamespaceWithThreeBlockedObjects() {
        client.namespaces().delete();
        client.v1().events().inAnyNamespace().delete();
        server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder().withGroupVersion("v1")
                .addNewResource().withName("configmaps").withNamespaced(true).withKind("ConfigMap")
                .withVerbs("get", "list", "patch").endResource()
                .addNewResource().withName("configmaps/status").withNamespaced(true).withKind("ConfigMap")
                .withVerbs("get").endResource().build()).always();
        String hourAgo = Timestamps.format(Instant.now().minus(Duration.ofHours(1)));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("test-stuck")
                .addToLabels("created-by", "ci-cd").addToLabels(ProductKeys.MANAGED, "true").addToLabels("ttl", "1h")
                .withDeletionTimestamp(hourAgo).endMetadata()
                .withNewStatus().withPhase("Terminating")
                .addNewCondition().withType("NamespaceContentRemaining").withStatus("True").withReason("SomeResourcesRemain")
                .withMessage("Some resources are remaining: configmaps. has 3 resource instances").endCondition()
                .addNewCondition().withType("NamespaceFinalizersRemaining").withStatus("True")
                .withReason("SomeFinalizersRemain")
                .withMessage("Some content in the namespace has finalizers remaining: example.com/never in 3 resource instances")
                .endCondition().endStatus().build()).create();
        for (String name : List.of("a", "b", "c")) {
            client.configMaps().inNamespace("test-stuck").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .addToFinalizers("example.com/never").withDeletionTimestamp(hourAgo).endMetadata().build()).create();
        }
    }

    @Test
    void repairsAtMostTheBudgetPerSweepCountsTheRestAndRecordsOneEventPerNamespace() {
        sweeper.sweep();

        assertThat(blocked()).hasSize(1);
        assertThat(metrics()).contains("ephemeral_ns_stuck_objects_pending 1.0");
        List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> event.getReason().equals("FinalizersRemoved")).toList();
        assertThat(events).singleElement().satisfies(event -> assertThat(event.getMessage())
                .contains("removed 2 finalizers from 2 objects: configmap/a, configmap/b"));

        sweeper.sweep();

        assertThat(blocked()).isEmpty();
        assertThat(metrics()).contains("ephemeral_ns_stuck_objects_pending 0.0");
    }

    private List<ConfigMap> blocked() {
        return client.configMaps().inNamespace("test-stuck").list().getItems().stream()
                .filter(map -> map.getMetadata().getFinalizers() != null && !map.getMetadata().getFinalizers().isEmpty())
                .toList();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
