package io.ephemeralns.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.runtime.LeaseLeadership;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When the webhook's replicas elect a resync leader. The election itself (one leads, another takes over) is
 * {@code LeaseLeadershipTest} in the runtime module.
 */
class ResyncLeadershipTest {

    record Timings(boolean enabled, String leaseName, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod)
            implements WebhookConfig.LeaderElection {
    }

    private static final Timings FAST = new Timings(true, "ephemeral-ns-webhook", Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(200));

    @Test
    void withoutElectionEveryReplicaResyncs() {
        AtomicInteger elected = new AtomicInteger();
        LeaseLeadership alone = SettingsProducer.resyncLeadership(null, new Timings(false, "x", Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMillis(200)), Optional.of("ephemeral-ns"));
        LeaseLeadership unknownNamespace = SettingsProducer.resyncLeadership(null, FAST, Optional.empty());

        alone.start(elected::incrementAndGet);
        unknownNamespace.start(elected::incrementAndGet);

        assertThat(alone.isLeader()).isTrue();
        assertThat(unknownNamespace.isLeader()).isTrue();
        assertThat(elected.get()).isEqualTo(2);
    }
}
