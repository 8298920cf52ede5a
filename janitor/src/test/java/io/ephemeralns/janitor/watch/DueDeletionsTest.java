package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event path's decisions, on a test clock: what is deleted when, and what comes back to the queue. */
class DueDeletionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final SweepPlanner PLANNER = new SweepPlanner(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50));

    private final MutableClock clock = new MutableClock(T0);
    private final NamespaceCache cache = new NamespaceCache(1, Duration.ZERO);
    private final DueQueue queue = new DueQueue();
    private final RecordingActions actions = new RecordingActions();
    private boolean leader = true;
    private DeletionWindow window = new DeletionWindow(50, Duration.ofMinutes(1));

    private DueDeletions deletions() {
        DueDeletions deletions = new DueDeletions(cache, queue, PLANNER, actions, () -> leader, window,
                new JanitorMetrics(new SimpleMeterRegistry()), clock);
        cache.listen(deletions::changed);
        return deletions;
    }

    @Test
    void aNewNamespaceIsQueuedAtItsExpiryAndDeletedOnlyThen() throws Exception {
        DueDeletions deletions = deletions();
        cache.put(0, ci("ns", "1h"));
        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(1)));

        clock.set(T0.plus(Duration.ofMinutes(59)));
        deletions.actOnDue();
        assertThat(actions.deleted).isEmpty();

        clock.set(T0.plus(Duration.ofHours(1)));
        deletions.actOnDue();
        assertThat(actions.deleted).containsExactly("ns");
        assertThat(queue.size()).isZero();
    }

    @Test
    void keepingANamespaceBeforeItsExpiryReKeysIt() throws Exception {
        DueDeletions deletions = deletions();
        cache.put(0, ci("ns", "1h"));
        cache.put(0, ci("ns", "1h", "keep", "true"));

        clock.set(T0.plus(Duration.ofHours(2)));
        deletions.actOnDue();

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
        DueDeletions deletions = deletions();
        cache.put(0, ci("ns", "1h"));
        clock.set(T0.plus(Duration.ofHours(1)));
        actions.outcomes.add(DeletionOutcome.DRAINING);

        deletions.actOnDue();

        assertThat(queue.dueAt("ns")).contains(T0.plus(Duration.ofHours(1)).plus(DueDeletions.DRAIN_RECHECK));
        clock.set(T0.plus(Duration.ofHours(1)).plus(DueDeletions.DRAIN_RECHECK));
        deletions.actOnDue();
        assertThat(actions.deleted).containsExactly("ns", "ns");
    }

    @Test
    void aReplicaThatIsNotTheLeaderDeletesNothingAndKeepsTheNamespaceQueued() throws Exception {
        leader = false;
        DueDeletions deletions = deletions();
        cache.put(0, ci("ns", "1h"));
        clock.set(T0.plus(Duration.ofHours(1)));

        deletions.actOnDue();

        assertThat(actions.deleted).isEmpty();
        assertThat(queue.dueAt("ns")).contains(clock.instant().plus(DueDeletions.NOT_ACTING_RETRY));
    }

    @Test
    void theCapPerIntervalDefersTheRestToTheNextWindowEarliestExpiryFirst() throws Exception {
        window = new DeletionWindow(1, Duration.ofMinutes(1));
        DueDeletions deletions = deletions();
        cache.put(0, ci("second", "2h"));
        cache.put(0, ci("first", "1h"));
        clock.set(T0.plus(Duration.ofHours(3)));

        deletions.actOnDue();

        assertThat(actions.deleted).containsExactly("first");
        assertThat(queue.dueAt("second")).contains(clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aFailedDeletionIsRetriedLater() throws Exception {
        DueDeletions deletions = deletions();
        cache.put(0, ci("ns", "1h"));
        clock.set(T0.plus(Duration.ofHours(1)));
        actions.failure = new IllegalStateException("boom");

        deletions.actOnDue();

        assertThat(queue.dueAt("ns")).contains(clock.instant().plus(DueDeletions.FAILURE_RETRY));
    }

    private static NamespaceView ci(String name, String ttl, String... more) {
        Map<String, String> labels = new HashMap<>(Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true", "ttl", ttl));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return new NamespaceView(name, "uid-" + name, Optional.of(T0), Optional.empty(), labels, Map.of());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records the deletions asked for; answers DELETED unless told otherwise. */
    private static final class RecordingActions implements Actions {
        final List<String> deleted = new ArrayList<>();
        final Deque<DeletionOutcome> outcomes = new ArrayDeque<>();
        RuntimeException failure;

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public DeletionOutcome delete(Deletion deletion) {
            if (failure != null) {
                throw failure;
            }
            deleted.add(deletion.name());
            return outcomes.isEmpty() ? DeletionOutcome.DELETED : outcomes.poll();
        }

        @Override
        public void forgetAllBut(Set<String> plannedUids) {
        }

        @Override
        public boolean releaseAccess(NamespaceStatus status, Instant now) {
            return false;
        }

        @Override
        public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
        }

        @Override
        public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
                RepairBudget budget, Instant now) {
            return 0;
        }

        @Override
        public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now) {
        }
    }
}
