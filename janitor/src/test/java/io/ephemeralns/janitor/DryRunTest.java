package io.ephemeralns.janitor;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.exists;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code janitor.dry-run=true}: the plan is made and logged, and nothing is changed. */
@QuarkusTest
@TestProfile(DryRunTest.DryRun.class)
@WithKubernetesTestServer
class DryRunTest {

    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("janitor.dry-run", "true");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    Sweeper sweeper;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void changesNothingAndReportsWhatItWouldDelete() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        TestClock.advance(Duration.ofHours(2));
        while (server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // forget the set-up requests
        }

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.WOULD_DELETE)).isEqualTo(1);
        assertThat(exists(client, "test-expired")).isTrue();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            assertThat(request.getMethod()).as(request.getPath()).isEqualTo("GET");
        }
    }
}
