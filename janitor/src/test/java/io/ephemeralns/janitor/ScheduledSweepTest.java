package io.ephemeralns.janitor;

import static io.ephemeralns.janitor.Namespaces.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule sweeps by itself every {@code janitor.interval}. */
@QuarkusTest
@TestProfile(ScheduledSweepTest.EverySecond.class)
@WithKubernetesTestServer
class ScheduledSweepTest {

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("janitor.interval", "1s", "quarkus.scheduler.enabled", "true");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void sweepsOnScheduleWithoutBeingAsked() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("test-scheduled")
                .addToLabels("created-by", "ci-cd").addToLabels(ProductKeys.MANAGED, "true").addToAnnotations(ProductKeys.EXPIRES_AT, "2020-01-01T00:00:00Z")
                .endMetadata().build()).create();
        assertThat(exists(client, "test-scheduled")).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> !exists(client, "test-scheduled"));
    }
}
