package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestClock;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep publishes the capacity the baseline ResourceQuotas count, by state, in the metrics and the report. */
@QuarkusTest
@WithKubernetesTestServer
class CapacityOnMockServerTest extends MockServerTest {

    @Inject
    Sweeper sweeper;

    @BeforeEach
    void emptyClusterAtTheRealTime() {
        emptyCluster();
        client.resourceQuotas().inAnyNamespace().delete();
        TestClock.reset();
    }

    @Test
    void publishesTheRequestedCapacityOfEachStateFromTheBaselineQuotas() {
        admitted(client, "test-active", "created-by", "ci-cd", "ttl", "3h");
        admitted(client, "test-kept", "created-by", "ci-cd", "ttl", "1h", "keep", "true");
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        create(client, "team-a", "created-by", "human");
        quota("test-active", "ephemeral-ns-quota", true, "requests.cpu", "500m", "requests.memory", "256Mi",
                "requests.storage", "1Gi", "limits.cpu", "1", "limits.memory", "512Mi");
        quota("test-active", "compute-quota", false, "requests.cpu", "8");
        quota("test-kept", "ephemeral-ns-quota", true, "requests.cpu", "250m", "requests.memory", "1G");
        quota("test-expired", "ephemeral-ns-quota", true, "requests.cpu", "2", "requests.memory", "1Gi");
        quota("team-a", "ephemeral-ns-quota", true, "requests.cpu", "16");
        TestClock.advance(Duration.ofHours(2));

        SweepResult result = sweeper.sweep();

        assertThat(result.succeeded()).isTrue();
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("ephemeral_ns_requested_cpu_cores{state=\"active\"} 0.5")
                .contains("ephemeral_ns_requested_cpu_cores{state=\"kept\"} 0.25")
                .contains("ephemeral_ns_requested_cpu_cores{state=\"expired\"} 2.0")
                .contains("ephemeral_ns_requested_cpu_cores{state=\"stuck\"} 0.0")
                .contains("ephemeral_ns_requested_memory_bytes{state=\"active\"} 2.68435456E8")
                .contains("ephemeral_ns_requested_memory_bytes{state=\"kept\"} 1.0E9")
                .contains("ephemeral_ns_requested_storage_bytes{state=\"active\"} 1.073741824E9")
                .contains("ephemeral_ns_limit_cpu_cores{state=\"active\"} 1.0")
                .contains("ephemeral_ns_limit_memory_bytes{state=\"active\"} 5.36870912E8");
    }

    @Test
    void reportsTheCapacityOfEachNamespaceAndNullWithoutABaselineQuota() {
        admitted(client, "test-a", "created-by", "ci-cd", "ttl", "3h");
        admitted(client, "test-b", "created-by", "ci-cd", "ttl", "3h");
        quota("test-a", "ephemeral-ns-quota", true, "requests.cpu", "1500m", "requests.memory", "1Ki");

        sweeper.sweep();

        given().get("/namespaces").then().statusCode(200)
                .body("namespaces.name", contains("test-a", "test-b"))
                .body("namespaces[0].requested.cpuCores", equalTo(1.5f))
                .body("namespaces[0].requested.memoryBytes", equalTo(1024))
                .body("namespaces[0].requested.storageBytes", equalTo(0))
                .body("namespaces[1].requested", nullValue());
    }

    private void quota(String namespace, String name, boolean baseline, String... used) {
        ResourceQuotaBuilder quota = new ResourceQuotaBuilder().withNewMetadata().withNamespace(namespace)
                .withName(name).endMetadata();
        if (baseline) {
            quota.editMetadata().addToLabels(ProductKeys.BASELINE, "true").endMetadata();
        }
        Map<String, Quantity> usage = new java.util.HashMap<>();
        for (int i = 0; i < used.length; i += 2) {
            usage.put(used[i], new Quantity(used[i + 1]));
        }
        client.resourceQuotas().inNamespace(namespace).resource(quota.withNewStatus().withUsed(usage).endStatus().build())
                .create();
    }
}
