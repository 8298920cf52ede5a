package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.exists;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.ConfigOverrides;
import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestClock;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code janitor.dry-run=true}: the plan is made and logged, and nothing is changed. */
@QuarkusTest
@TestProfile(DryRunTest.DryRun.class)
@WithKubernetesTestServer
class DryRunTest extends MockServerTest {

    public static class DryRun extends ConfigOverrides {
        public DryRun() {
            super("janitor.dry-run", "true");
        }
    }

    @Inject
    Sweeper sweeper;

    @Test
    void changesNothingAndReportsWhatItWouldDelete() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        TestClock.advance(Duration.ofHours(2));
        drain(); // forget the set-up requests

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.WOULD_DELETE)).isEqualTo(1);
        assertThat(exists(client, "test-expired")).isTrue();
        assertThat(drain()).allSatisfy(request -> assertThat(request.getMethod()).as(request.getPath()).isEqualTo("GET"));
    }
}
