package io.ephemeralns.janitor.warn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.kube.NamespaceAnnotation;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.Refusal;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.WarningMetrics.Channel;
import io.ephemeralns.janitor.warn.WarningMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shell around one warning: leader with a trusted clock only, once per deletion time, annotation first, dry-run
 * writes nothing.
 */
class WarnerTest {

    private static final Instant DELETION = Instant.parse("2026-11-26T11:00:00Z");
    private static final Warning WARNING = new Warning("ci-1", "uid-1", DELETION, "ttl", Map.of());

    private final List<String> annotated = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private boolean annotationFails;
    private boolean leader = true;
    private final WarningMetrics metrics = new WarningMetrics(new SimpleMeterRegistry());
    private final JanitorMetrics janitorMetrics = new JanitorMetrics(new SimpleMeterRegistry());
    private final ActionGate gate = new ActionGate(() -> leader, janitorMetrics);

    private final NamespaceAnnotation annotation = new NamespaceAnnotation(null, "ephemeral-ns.io/deletion-planned-at") {
        @Override
        public boolean write(String namespace, String uid, String value) {
            if (annotationFails) {
                return false;
            }
            annotated.add(namespace + "=" + value);
            return true;
        }
    };

    private final NamespaceEvents recorder = new NamespaceEvents(null) {
        @Override
        public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
            events.add(type + " " + reason + " " + namespace);
            return true;
        }
    };

    private Warner warner(boolean dryRun) {
        gate.clock(ClockSkew.Verdict.TRUSTED);
        return new Warner(Duration.ofMinutes(15), annotation, recorder, Optional.empty(), gate, dryRun, "keep",
                new DirectExecutor(), metrics, Clock.fixed(DELETION.minusSeconds(600), ZoneOffset.UTC));
    }

    @Test
    void writesTheAnnotationThenTheWarningEventOncePerDeletionTime() {
        Warner warner = warner(false);
        assertThat(warner.warn(WARNING)).isTrue();
        assertThat(warner.warn(WARNING)).isTrue();
        assertThat(annotated).containsExactly("ci-1=2026-11-26T11:00:00Z");
        assertThat(events).containsExactly("Warning ExpiringSoon ci-1");
        assertThat(metrics.total(Channel.ANNOTATION, Outcome.SENT)).isEqualTo(1);
    }

    @Test
    void aNewDeletionTimeIsWarnedOfAgain() {
        Warner warner = warner(false);
        warner.warn(WARNING);
        warner.warn(new Warning("ci-1", "uid-1", DELETION.plus(Duration.ofHours(4)), "extended", Map.of()));
        assertThat(annotated).containsExactly("ci-1=2026-11-26T11:00:00Z", "ci-1=2026-11-26T15:00:00Z");
    }

    @Test
    void aReplicaThatIsNotTheLeaderWarnsOfNothingAndSaysSo() {
        leader = false;
        assertThat(warner(false).warn(WARNING)).isFalse();
        assertThat(annotated).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aReplicaThatIsNotTheLeaderCountsNoRefusal() {
        leader = false;
        warner(false).warn(WARNING);
        assertThat(janitorMetrics.refusedCount(Refusal.NOT_LEADER)).isZero();
    }

    @Test
    void noWarningIsGivenWhileTheClockIsNotTrustedAndTheRefusalIsCounted() {
        Warner warner = warner(false);
        gate.clock(ClockSkew.Verdict.BEYOND_BOUND);

        assertThat(warner.warn(WARNING)).as("the caller tries again later").isFalse();
        assertThat(annotated).isEmpty();
        assertThat(events).isEmpty();
        assertThat(janitorMetrics.refusedCount(Refusal.CLOCK_SKEW)).isEqualTo(1);
    }

    @Test
    void aWarningRefusedForTheClockIsGivenOnceTheClockIsTrustedAgain() {
        Warner warner = warner(false);
        gate.clock(ClockSkew.Verdict.UNKNOWN);
        warner.warn(WARNING);

        gate.clock(ClockSkew.Verdict.TRUSTED);

        assertThat(warner.warn(WARNING)).isTrue();
        assertThat(annotated).containsExactly("ci-1=2026-11-26T11:00:00Z");
    }

    @Test
    void aFailedAnnotationRecordsNoEventAndIsTriedAgainNextTime() {
        Warner warner = warner(false);
        annotationFails = true;
        warner.warn(WARNING);
        assertThat(events).isEmpty();
        assertThat(metrics.total(Channel.ANNOTATION, Outcome.FAILED)).isEqualTo(1);

        annotationFails = false;
        warner.warn(WARNING);
        assertThat(annotated).containsExactly("ci-1=2026-11-26T11:00:00Z");
        assertThat(events).hasSize(1);
    }

    @Test
    void dryRunWritesNothingAndCountsIt() {
        warner(true).warn(WARNING);
        assertThat(annotated).isEmpty();
        assertThat(events).isEmpty();
        assertThat(metrics.total(Channel.EVENT, Outcome.DRY_RUN)).isEqualTo(1);
    }

    /** Runs each task on the caller's thread, so that the test sees its effects at once. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
