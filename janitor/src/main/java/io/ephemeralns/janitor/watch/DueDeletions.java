package io.ephemeralns.janitor.watch;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Deletes each CI namespace when it becomes due instead of at the next sweep. Every change the cache hears of
 * re-keys the namespace in the {@link DueQueue} at the instant the pure planner gives ({@link SweepPlanner#dueAt}),
 * or takes it out; one worker thread sleeps until the earliest entry is due, plans its {@link Deletion} with the
 * planner and hands it to the same {@link Actions} as the sweep (gate, rate limit, re-read, UID precondition,
 * dry-run). The per-sweep cap applies per window of {@code janitor.interval} ({@link DeletionWindow}).
 *
 * <p>What is not deleted now comes back later: pods still terminating ({@link DeletionOutcome#DRAINING}) after
 * {@link #DRAIN_RECHECK}; a replica that is not the leader, or a distrusted clock, after {@link #NOT_ACTING_RETRY}
 * (a new leader so acts on what is overdue within that time); a failure after {@link #FAILURE_RETRY}; a namespace
 * deferred by the cap when the window ends. Deleted, gone, no longer due or dry-run namespaces leave the queue:
 * their next watch event (terminating, deleted, relabelled) decides again.
 *
 * @param leader whether this replica may act now (the Lease)
 * @param window the per-sweep cap, per window of {@code janitor.interval}
 */
public record DueDeletions(NamespaceCache cache, DueQueue queue, SweepPlanner planner, Actions actions,
        BooleanSupplier leader, DeletionWindow window, JanitorMetrics metrics, Clock clock) implements Runnable {

    private static final Logger LOG = Logger.getLogger(DueDeletions.class);
    static final Duration DRAIN_RECHECK = Duration.ofSeconds(3);
    static final Duration NOT_ACTING_RETRY = Duration.ofSeconds(2);
    static final Duration FAILURE_RETRY = Duration.ofSeconds(30);
    /** Longest sleep of the worker: it looks at the queue at least this often, whatever the clock did. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);

    /** Re-keys one namespace from its cached metadata (the cache's listener). */
    public void changed(String name) {
        Optional<Instant> due = cache.get(name).flatMap(planner::dueAt);
        if (due.isPresent()) {
            queue.schedule(name, due.get());
        } else {
            queue.remove(name);
        }
    }

    /** Acts on every namespace due at the clock's now, one after the other. */
    public void actOnDue() throws InterruptedException {
        Instant now = clock.instant();
        for (String name : queue.takeDue(now)) {
            act(name, now);
        }
    }

    private void act(String name, Instant now) throws InterruptedException {
        Optional<NamespaceView> namespace = cache.get(name);
        Optional<Deletion> deletion = namespace.flatMap(view -> planner.deletion(view, now));
        if (deletion.isEmpty()) {
            changed(name);
            return;
        }
        if (!leader.getAsBoolean()) {
            queue.schedule(name, now.plus(NOT_ACTING_RETRY));
            return;
        }
        if (!window.tryTake(now)) {
            queue.schedule(name, window.end(now));
            return;
        }
        DeletionOutcome outcome = delete(deletion.get());
        if (outcome != DeletionOutcome.DELETED && outcome != DeletionOutcome.WOULD_DELETE) {
            window.giveBack();
        }
        Instant after = clock.instant();
        if (outcome == DeletionOutcome.DELETED) {
            deletion.get().status().expiry().expiresAt()
                    .ifPresent(expiry -> metrics.deletionDelay(Duration.between(expiry, after)));
        }
        switch (outcome) {
            case DRAINING -> queue.schedule(name, after.plus(DRAIN_RECHECK));
            case REFUSED -> queue.schedule(name, after.plus(NOT_ACTING_RETRY));
            case FAILED -> queue.schedule(name, after.plus(FAILURE_RETRY));
            default -> { }
        }
    }

    private DeletionOutcome delete(Deletion deletion) throws InterruptedException {
        try {
            return actions.delete(deletion);
        } catch (LeadershipLost e) {
            return DeletionOutcome.REFUSED;
        } catch (RuntimeException e) {
            LOG.errorf("namespace %s (uid %s): deletion at expiry failed: %s", deletion.name(), deletion.uid(), e);
            metrics.error();
            return DeletionOutcome.FAILED;
        }
    }

    /** The worker's loop: act on what is due, sleep until the next entry is due; until its thread is interrupted. */
    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                actOnDue();
                long millis = queue.next()
                        .map(next -> Duration.between(clock.instant(), next))
                        .map(wait -> wait.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : wait)
                        .orElse(MAX_SLEEP).toMillis();
                if (millis > 0) {
                    queue.await(millis);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf("deletions at expiry: unexpected failure, going on: %s", e);
                metrics.error();
                try {
                    queue.await(NOT_ACTING_RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
