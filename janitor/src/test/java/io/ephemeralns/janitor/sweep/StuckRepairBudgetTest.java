package io.ephemeralns.janitor.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.ConfigOverrides;
import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestClock;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
class StuckRepairBudgetTest extends MockServerTest {

    public static class BudgetOfTwo extends ConfigOverrides {
        public BudgetOfTwo() {
            super("janitor.stuck.max-repairs-per-sweep", "2");
        }
    }

    @Inject
    Sweeper sweeper;

    @BeforeEach
    void stuckNamespaceWithThreeBlockedObjects() {
        emptyCluster();
        server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder().withGroupVersion("v1")
                .addNewResource().withName("configmaps").withNamespaced(true).withKind("ConfigMap")
                .withVerbs("get", "list", "patch").endResource()
                .addNewResource().withName("configmaps/status").withNamespaced(true).withKind("ConfigMap")
                .withVerbs("get").endResource().build()).always();
        // the mock sets deletionTimestamp when an object with finalizers is deleted (never on create); the janitor's
        // clock then moves an hour ahead, past stuck-after
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("test-stuck")
                .addToLabels("created-by", "ci-cd").addToLabels(ProductKeys.MANAGED, "true").addToLabels("ttl", "1h")
                .addToFinalizers("e2e.example.com/hold").endMetadata()
                .withNewStatus().withPhase("Terminating")
                .addNewCondition().withType("NamespaceContentRemaining").withStatus("True").withReason("SomeResourcesRemain")
                .withMessage("Some resources are remaining: configmaps. has 3 resource instances").endCondition()
                .addNewCondition().withType("NamespaceFinalizersRemaining").withStatus("True")
                .withReason("SomeFinalizersRemain")
                .withMessage("Some content in the namespace has finalizers remaining: example.com/never in 3 resource instances")
                .endCondition().endStatus().build()).create();
        for (String name : List.of("a", "b", "c")) {
            client.configMaps().inNamespace("test-stuck").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .addToFinalizers("example.com/never").endMetadata().build()).create();
            client.configMaps().inNamespace("test-stuck").withName(name).delete();
        }
        client.namespaces().withName("test-stuck").delete();
        TestClock.advance(Duration.ofHours(1));
    }

    @Test
    void repairsAtMostTheBudgetPerSweepCountsTheRestAndRecordsOneEventPerNamespace() throws Exception {
        drain();

        sweeper.sweep();

        // the mock acknowledges these patches without applying them to objects being deleted, so count the requests
        List<RecordedRequest> patches = drain().stream()
                .filter(request -> request.getMethod().equals("PATCH") && request.getPath().contains("/configmaps/"))
                .toList();
        assertThat(patches).extracting(RecordedRequest::getPath).containsExactly(
                "/api/v1/namespaces/test-stuck/configmaps/a", "/api/v1/namespaces/test-stuck/configmaps/b");
        assertThat(metrics()).contains("ephemeral_ns_stuck_objects_pending 1.0")
                .contains("ephemeral_ns_finalizers_removed_total 2.0");
        List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> event.getReason().equals("FinalizersRemoved")).toList();
        assertThat(events).singleElement().satisfies(event -> assertThat(event.getMessage())
                .contains("removed 2 finalizers from 2 objects: configmap/a, configmap/b"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
