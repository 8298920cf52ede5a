package io.ephemeralns.janitor.watch;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.Warnings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Deletes each CI namespace when it becomes due instead of at the next sweep. Every change the cache hears of
 * re-keys the namespace in the {@link DueQueue} at the instant the pure planner gives ({@link SweepPlanner#dueAt}),
 * or takes it out; one worker thread sleeps until the earliest entry is due, plans the {@link Deletion} of every
 * namespace due by then with the planner and hands them together to the same {@link DeletionRunner} and
 * {@link io.ephemeralns.janitor.act.Actions} as the sweep (several at once within the rate limit; gate, re-read, UID
 * precondition, dry-run; a failure is logged with the namespace and counted). The per-sweep cap applies per window
 * of {@code janitor.interval} ({@link DeletionWindow}).
 *
 * <p>What is not deleted now comes back later: pods still terminating ({@link DeletionOutcome#DRAINING}) after
 * {@link #DRAIN_RECHECK}; a replica that is not the leader, or a distrusted clock, after {@link #NOT_ACTING_RETRY}
 * (a new leader so acts on what is overdue within that time); a failure after {@link #FAILURE_RETRY}; a namespace
 * deferred by the cap when the window ends. Deleted, gone, no longer due or dry-run namespaces leave the queue:
 * their next watch event (terminating, deleted, relabelled) decides again.
 *
 * @param leader whether this replica may act now (the Lease)
 * @param window the per-sweep cap, per window of {@code janitor.interval}
 * @param warnings warnings before deletion: each namespace's warning is a second entry in the same queue, keyed
 *                 {@code janitor.warn.before} ahead of its deletion ({@link SweepPlanner#warnAt}); handing it over
 *                 returns at once, so a warning never delays a deletion
 */
public record DueDeletions(NamespaceCache cache, DueQueue queue, SweepPlanner planner, DeletionRunner deletions,
        BooleanSupplier leader, DeletionWindow window, JanitorMetrics metrics, Clock clock, Warnings warnings)
        implements Runnable {

    private static final Logger LOG = Logger.getLogger(DueDeletions.class);
    static final Duration DRAIN_RECHECK = Duration.ofSeconds(3);
    static final Duration NOT_ACTING_RETRY = Duration.ofSeconds(2);
    static final Duration FAILURE_RETRY = Duration.ofSeconds(30);
    /** Longest sleep of the worker: it looks at the queue at least this often, whatever the clock did. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);

    /**
     * Key of a namespace's warning in the queue: a namespace's name never contains {@code :} (an RFC 1123 label), so
     * the two kinds of entries never collide.
     */
    static String warningKey(String name) {
        return WARNING_PREFIX + name;
    }

    private static final String WARNING_PREFIX = "warn:";

    /** Re-keys one namespace, its deletion and its warning, from its cached metadata (the cache's listener). */
    public void changed(String name) {
        Optional<NamespaceView> view = cache.get(name);
        schedule(name, view.flatMap(planner::dueAt));
        schedule(warningKey(name), view.flatMap(namespace -> planner.warnAt(namespace, warnings.before())));
    }

    private void schedule(String key, Optional<Instant> at) {
        if (at.isPresent()) {
            queue.schedule(key, at.get());
        } else {
            queue.remove(key);
        }
    }

    /**
     * Acts on every namespace due at the clock's now: those this replica may delete now go to the
     * {@link DeletionRunner} together (several at once within the rate limit, as a sweep's do).
     */
    public void actOnDue() throws InterruptedException {
        Instant now = clock.instant();
        List<Deletion> batch = new ArrayList<>();
        for (String key : queue.takeDue(now)) {
            if (key.startsWith(WARNING_PREFIX)) {
                warn(key.substring(WARNING_PREFIX.length()), now);
            } else {
                planned(key, now).ifPresent(batch::add);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Set<String> reported = ConcurrentHashMap.newKeySet();
        try {
            deletions.run(batch, (deletion, outcome) -> {
                reported.add(deletion.name());
                done(deletion, outcome);
            });
        } catch (LeadershipLost e) {
            LOG.info("deletions at expiry: leadership lost; the new leader takes the rest");
            for (Deletion deletion : batch) {
                if (!reported.contains(deletion.name())) {
                    window.giveBack();
                    queue.schedule(deletion.name(), clock.instant().plus(NOT_ACTING_RETRY));
                }
            }
        }
    }

    /** Hands the namespace's warning over when it is due now; a replica that may not warn looks again later. */
    private void warn(String name, Instant now) {
        Optional<Warning> warning = cache.get(name).flatMap(view -> planner.warning(view, warnings.before(), now));
        if (warning.isPresent() && !warnings.warn(warning.get())) {
            queue.schedule(warningKey(name), now.plus(NOT_ACTING_RETRY));
        }
    }

    /** The namespace's deletion, when it is due and this replica may delete it now; else it is queued again. */
    private Optional<Deletion> planned(String name, Instant now) {
        Optional<Deletion> deletion = cache.get(name).flatMap(view -> planner.deletion(view, now));
        if (deletion.isEmpty()) {
            changed(name);
            return Optional.empty();
        }
        if (!leader.getAsBoolean()) {
            queue.schedule(name, now.plus(NOT_ACTING_RETRY));
            return Optional.empty();
        }
        if (!window.tryTake(now)) {
            queue.schedule(name, window.end(now));
            return Optional.empty();
        }
        return deletion;
    }

    /** Records one deletion's outcome and queues again what is not finished. */
    private void done(Deletion deletion, DeletionOutcome outcome) {
        if (outcome != DeletionOutcome.DELETED && outcome != DeletionOutcome.WOULD_DELETE) {
            window.giveBack();
        }
        Instant after = clock.instant();
        if (outcome == DeletionOutcome.DELETED) {
            deletion.status().expiry().expiresAt()
                    .ifPresent(expiry -> metrics.deletionDelay(Duration.between(expiry, after)));
        }
        switch (outcome) {
            case DRAINING -> queue.schedule(deletion.name(), after.plus(DRAIN_RECHECK));
            case REFUSED -> queue.schedule(deletion.name(), after.plus(NOT_ACTING_RETRY));
            case FAILED -> queue.schedule(deletion.name(), after.plus(FAILURE_RETRY));
            default -> { }
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
