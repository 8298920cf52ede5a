package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.sweep.Sweepers.listing;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.Refusal;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Leadership is checked before every deletion, not only when a sweep starts. */
class SweeperLeadershipTest {

    @Test
    void stopsTheSweepBeforeTheNextDeletionOnceTheLeaseIsLost() {
        List<String> deleted = new ArrayList<>();
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        // the lease is lost right after the first deletion
        Sweeper sweeper = Sweepers.sweeper(listing(expired("test-a"), expired("test-b"), expired("test-c")),
                recordingDeleter(deleted), deleted::isEmpty, metrics);

        SweepResult result = sweeper.sweep();

        assertThat(deleted).containsExactly("test-a");
        assertThat(result.completed()).as("a sweep cut short is not a completed sweep").isFalse();
        assertThat(metrics.refusedCount(Refusal.NOT_LEADER)).isEqualTo(1.0);
    }

    @Test
    void asksAgainAfterTheTokenSoThatALeaseLostWhileWaitingStopsTheDeletionBeforeAnyRequest() {
        List<String> deleted = new ArrayList<>();
        AtomicInteger checks = new AtomicInteger();
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        // the lease is held when the deletion is first asked for, and lost by the time its token comes
        Sweeper sweeper = Sweepers.sweeper(listing(expired("test-a")), recordingDeleter(deleted),
                () -> checks.incrementAndGet() == 1, metrics);

        SweepResult result = sweeper.sweep();

        assertThat(deleted).isEmpty();
        assertThat(result.completed()).isFalse();
    }

    private static NamespaceDeleter recordingDeleter(List<String> deleted) {
        return new NamespaceDeleter(null, Duration.ofMinutes(2)) {
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
