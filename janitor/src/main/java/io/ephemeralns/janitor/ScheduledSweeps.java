package io.ephemeralns.janitor;

import io.ephemeralns.janitor.sweep.Sweeper;
import io.ephemeralns.runtime.LeaseLeadership;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sweeps every {@code janitor.interval} while this replica is the leader. Not in {@code run-once} mode,
 * where {@link JanitorMain} runs the one sweep itself. With {@code janitor.watch} the sweep plans from the watch-fed
 * cache (no list request) and is the safety net of the deletions at expiry: it refreshes the metrics and the report,
 * finds stuck namespaces and deletes what the event path left.
 */
@ApplicationScoped
public class ScheduledSweeps {

    private final Sweeper sweeper;

    public ScheduledSweeps(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Scheduled(identity = "sweep", every = "{janitor.interval}", delayed = "1s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = NotLeaderOrRunOnce.class)
    void sweep() {
        sweeper.sweep();
    }

    /** Skips scheduled sweeps in run-once mode and on replicas that are not the leader. */
    @ApplicationScoped
    public static class NotLeaderOrRunOnce implements Scheduled.SkipPredicate {

        @Inject
        LeaseLeadership leadership;

        @Inject
        JanitorConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return config.runOnce() || !leadership.isLeader();
        }
    }
}
