package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.stuck.ApiDiscovery;
import io.ephemeralns.runtime.LeaseLeadership;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Leadership is checked before every deletion, not only when a sweep starts. */
class SweeperLeadershipTest {

    private static final JanitorSettings SETTINGS = new JanitorSettings(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Optional.empty(), true, JanitorSettings.StuckSettings.from(TestConfig.defaults().stuck()), Duration.ofSeconds(30));

    @Test
    void stopsTheSweepBeforeTheNextDeletionOnceTheLeaseIsLost() {
        List<String> deleted = new ArrayList<>();
        AtomicInteger checks = new AtomicInteger();
        LeaseLeadership leadOnce = new LeaseLeadership(null, "sweeping", new LeaseLeadership.Lease("ephemeral-ns",
                "ephemeral-ns-janitor", Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2))) {
            @Override
            public boolean isLeader() {
                return checks.incrementAndGet() == 1; // the lease is lost right after the first deletion
            }
        };
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        Sweeper sweeper = new Sweeper(listing(expired("test-a"), expired("test-b"), expired("test-c")),
                recordingDeleter(deleted), new DeletionEvents(null) {
                    @Override
                    public void deleted(Deletion deletion, Instant now) {
                    }
                }, metrics, SETTINGS, TestConfig.defaults(), Clock.systemUTC(), TokenBucket.perSecond(1000), null,
                new ActionGate(leadOnce, metrics), () -> Optional.of(Duration.ZERO), new ApiDiscovery(null),
                new ReportSnapshot());

        SweepResult result = sweeper.sweep();

        assertThat(deleted).containsExactly("test-a");
        assertThat(result.completed()).as("a sweep cut short is not a completed sweep").isFalse();
        assertThat(metrics.refusedCount(Refusal.NOT_LEADER)).isEqualTo(1.0);
    }

    private static NamespaceLister listing(Namespace... namespaces) {
        return new NamespaceLister(null, SETTINGS, TestConfig.defaults()) {
            @Override
            public int scan(Consumer<Namespace> sink, Runnable restart) {
                List.of(namespaces).forEach(sink);
                return 1;
            }
        };
    }

    private static NamespaceDeleter recordingDeleter(List<String> deleted) {
        return new NamespaceDeleter(null, SETTINGS) {
            @Override
            public NamespaceView read(String name) {
                return NamespaceView.of(expired(name));
            }

            @Override
            public DeletionOutcome delete(Deletion deletion, Instant now) {
                deleted.add(deletion.name());
                return DeletionOutcome.DELETED;
            }
        };
    }

    private static Namespace expired(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp("2026-01-01T00:00:00Z").addToLabels("created-by", "ci-cd")
                .addToLabels(ProductKeys.MANAGED, "true").addToLabels("ttl", "1h").endMetadata().build();
    }
}
