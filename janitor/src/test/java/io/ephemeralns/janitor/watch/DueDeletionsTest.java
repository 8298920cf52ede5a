package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.IdleActions;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.RecordingWarnings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event path's decisions, on a test clock: what is deleted when, and what comes back to the queue. */
class DueDeletionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final SweepPlanner PLANNER = new SweepPlanner(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50));

    private Instant now = T0;
    private final NamespaceCache cache = new NamespaceCache(1, Duration.ZERO);
    private final DueQueue queue = new DueQueue();
    private final RecordingActions actions = new RecordingActions();
    private boolean leader = true;
    private DeletionWindow window = new DeletionWindow(50, Duration.ofMinutes(1));
    private final RecordingWarnings warnings = new RecordingWarnings();

    /** The event path at the test's current instant (its state is the cache's, the queue's and the window's). */
    private DueDeletions deletions() {
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        DueDeletions deletions = new DueDeletions(cache, queue, PLANNER, new DeletionRunner(actions, metrics, 1),
                () -> leader, window, metrics, Clock.fixed(now, ZoneOffset.UTC), warnings);
        cache.listen(deletions::changed);
        return deletions;
    }

    @Test
    void aNewNamespaceIsQueuedAtItsExpiryAndDeletedOnlyThen() throws Exception {
        deletions();
        cache.put(0, ci("ns", "1h"));
        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(1)));

        setNow(T0.plus(Duration.ofMinutes(59)));
        deletions().actOnDue();
        assertThat(actions.deleted).isEmpty();

        setNow(T0.plus(Duration.ofHours(1)));
        deletions().actOnDue();
        assertThat(actions.deleted).containsExactly("ns");
        assertThat(queue.size()).isZero();
    }

    @Test
    void keepingANamespaceBeforeItsExpiryReKeysIt() throws Exception {
        deletions();
        cache.put(0, ci("ns", "1h"));
        cache.put(0, ci("ns", "1h", "keep", "true"));

        setNow(T0.plus(Duration.ofHours(2)));
        deletions().actOnDue();

        assertThat(actions.deleted).isEmpty();
        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(24)));
    }

    @Test
    void aDeletedOrTerminatingNamespaceLeavesTheQueue() {
        deletions();
        cache.put(0, ci("gone", "1h"));
        cache.put(0, ci("going", "1h"));

        cache.remove(0, "gone");
        NamespaceView going = ci("going", "1h");
        cache.put(0, new NamespaceView("going", going.uid(), going.created(), Optional.of(T0.plusSeconds(5)),
                going.labels(), going.annotations()));

        assertThat(queue.size()).isZero();
    }

    @Test
    void aDrainingNamespaceIsLookedAtAgainAFewSecondsLater() throws Exception {
        deletions();
        cache.put(0, ci("ns", "1h"));
        setNow(T0.plus(Duration.ofHours(1)));
        actions.outcomes.add(DeletionOutcome.DRAINING);

        deletions().actOnDue();

        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(1)).plus(DueDeletions.DRAIN_RECHECK));
        setNow(T0.plus(Duration.ofHours(1)).plus(DueDeletions.DRAIN_RECHECK));
        deletions().actOnDue();
        assertThat(actions.deleted).containsExactly("ns", "ns");
    }

    @Test
    void aReplicaThatIsNotTheLeaderDeletesNothingAndKeepsTheNamespaceQueued() throws Exception {
        leader = false;
        deletions();
        cache.put(0, ci("ns", "1h"));
        setNow(T0.plus(Duration.ofHours(1)));

        deletions().actOnDue();

        assertThat(actions.deleted).isEmpty();
        assertThat(queue.dueAt("ns")).contains(now.plus(DueDeletions.NOT_ACTING_RETRY));
    }

    @Test
    void theCapPerIntervalDefersTheRestToTheNextWindowEarliestExpiryFirst() throws Exception {
        window = new DeletionWindow(1, Duration.ofMinutes(1));
        deletions();
        cache.put(0, ci("second", "2h"));
        cache.put(0, ci("first", "1h"));
        setNow(T0.plus(Duration.ofHours(3)));

        deletions().actOnDue();

        assertThat(actions.deleted).containsExactly("first");
        assertThat(queue.dueAt("second")).contains(now.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aFailedDeletionIsRetriedLater() throws Exception {
        deletions();
        cache.put(0, ci("ns", "1h"));
        setNow(T0.plus(Duration.ofHours(1)));
        actions.failure = new IllegalStateException("boom");

        deletions().actOnDue();

        assertThat(queue.dueAt("ns")).contains(now.plus(DueDeletions.FAILURE_RETRY));
    }

    @Test
    void aWarningIsQueuedWarnBeforeAheadOfTheDeletionAndHandedOverThen() throws Exception {
        deletions();
        cache.put(0, ci("ns", "1h"));
        assertThat(queue.dueAt(DueDeletions.warningKey("ns"))).contains(T0.plus(Duration.ofMinutes(45)));

        setNow(T0.plus(Duration.ofMinutes(44)));
        deletions().actOnDue();
        assertThat(warnings.given).isEmpty();

        setNow(T0.plus(Duration.ofMinutes(45)));
        deletions().actOnDue();
        assertThat(warnings.given).extracting(Warning::name).containsExactly("ns");
        assertThat(warnings.given.get(0).deletionAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(actions.deleted).isEmpty();
    }

    @Test
    void aNamespaceAlreadyWarnedOfItsDeletionTimeGetsNoWarningEntry() {
        deletions();
        NamespaceView ns = ci("ns", "1h");
        cache.put(0, new NamespaceView(ns.name(), ns.uid(), ns.created(), ns.deleting(), ns.labels(),
                Map.of(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T11:00:00Z")));
        assertThat(queue.dueAt(DueDeletions.warningKey("ns"))).isEmpty();
        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aWarningThisReplicaMayNotGiveIsLookedAtAgainAndTheDeletionStillComesOnTime() throws Exception {
        warnings.accept = false;
        deletions();
        cache.put(0, ci("ns", "1h"));
        setNow(T0.plus(Duration.ofMinutes(45)));
        deletions().actOnDue();
        assertThat(queue.dueAt(DueDeletions.warningKey("ns")))
                .contains(T0.plus(Duration.ofMinutes(45)).plus(DueDeletions.NOT_ACTING_RETRY));

        setNow(T0.plus(Duration.ofHours(1)));
        deletions().actOnDue();
        assertThat(actions.deleted).containsExactly("ns");
    }

    private void setNow(Instant at) {
        now = at;
    }

    private static NamespaceView ci(String name, String ttl, String... more) {
        Map<String, String> labels = new HashMap<>(Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true", "ttl", ttl));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return new NamespaceView(name, "uid-" + name, Optional.of(T0), Optional.empty(), labels, Map.of());
    }

    /** Records the deletions asked for; answers DELETED unless told otherwise. */
    private static final class RecordingActions extends IdleActions {
        final List<String> deleted = new ArrayList<>();
        final Deque<DeletionOutcome> outcomes = new ArrayDeque<>();
        RuntimeException failure;

        @Override
        public DeletionOutcome delete(Deletion deletion) {
            if (failure != null) {
                throw failure;
            }
            deleted.add(deletion.name());
            return outcomes.isEmpty() ? DeletionOutcome.DELETED : outcomes.poll();
        }
    }
}
