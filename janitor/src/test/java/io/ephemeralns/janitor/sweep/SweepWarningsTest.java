package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.sweep.Sweepers.listing;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.RecordingWarnings;
import io.ephemeralns.janitor.warn.Warnings;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep warns of what it finds within warn-before of its deletion (the only path of a run-once janitor). */
class SweepWarningsTest {

    private final List<String> deleted = new ArrayList<>();
    private final RecordingWarnings warnings = new RecordingWarnings();

    @Test
    void warnsOfANamespaceInTheWindowAndDeletesTheExpiredOneAsBefore() {
        Instant now = Instant.now();
        Sweeper sweeper = Sweepers.sweeper(listing(created("test-expired", now.minus(Duration.ofHours(2))),
                created("test-soon", now.minus(Duration.ofMinutes(50))), created("test-later", now.minus(Duration.ofMinutes(5)))),
                deleter(), () -> true, new JanitorMetrics(new SimpleMeterRegistry()), 1, warnings(true));

        sweeper.sweep();

        assertThat(warnings.given).extracting(Warning::name).containsExactly("test-soon");
        assertThat(deleted).containsExactly("test-expired");
    }

    @Test
    void aWarningThatCannotBeGivenNeverStopsTheDeletions() {
        Instant now = Instant.now();
        Sweeper sweeper = Sweepers.sweeper(listing(created("test-soon", now.minus(Duration.ofMinutes(50))),
                created("test-expired", now.minus(Duration.ofHours(2)))),
                deleter(), () -> true, new JanitorMetrics(new SimpleMeterRegistry()), 1, warnings(false));

        assertThat(sweeper.sweep().completed()).isTrue();
        assertThat(deleted).containsExactly("test-expired");
    }

    private Warnings warnings(boolean accept) {
        warnings.accept = accept;
        return warnings;
    }

    private NamespaceDeleter deleter() {
        return new NamespaceDeleter(null, Duration.ofMinutes(2)) {
            @Override
            public DeletionOutcome delete(Deletion deletion, Instant now) {
                deleted.add(deletion.name());
                return DeletionOutcome.DELETED;
            }
        };
    }

    /** A CI namespace with ttl 1h created at {@code at}. */
    private static Namespace created(String name, Instant at) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp(Timestamps.format(at)).addToLabels("created-by", "ci-cd")
                .addToLabels(ProductKeys.MANAGED, "true").addToLabels("ttl", "1h").endMetadata().build();
    }
}
