package io.ephemeralns.janitor;

import io.ephemeralns.janitor.sweep.Sweeper;
import io.ephemeralns.runtime.LeaseLeadership;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Sweeps every {@code janitor.interval} while this replica is the leader, and at once each time it becomes the
 * leader. Not in {@code run-once} mode,
 * where {@link JanitorMain} runs the one sweep itself. With {@code janitor.watch} the sweep plans from the watch-fed
 * cache (no list request) and is the safety net of the deletions at expiry: it refreshes the metrics and the report,
 * finds stuck namespaces and deletes what the event path left.
 *
 * <p>It also starts and stops the leader election. The sweep on election is not the schedule's business: the scheduler
 * checks its triggers from before the application's own start-up observers run, so its first check may find this
 * replica not (yet) the leader and skip the first sweep, and the next one comes a whole {@code janitor.interval} later
 * (observed: no sweep in the first 30 s of a janitor with {@code interval=1h} on a loaded machine). A replica elected
 * later would wait up to an interval in the same way.
 */
@ApplicationScoped
public class ScheduledSweeps {

    private static final Logger LOG = Logger.getLogger(ScheduledSweeps.class);

    private final Sweeper sweeper;
    private final LeaseLeadership leadership;
    private final JanitorConfig config;
    private final Scheduler scheduler;

    public ScheduledSweeps(Sweeper sweeper, LeaseLeadership leadership, JanitorConfig config, Scheduler scheduler) {
        this.sweeper = sweeper;
        this.leadership = leadership;
        this.config = config;
        this.scheduler = scheduler;
    }

    /**
     * Competes for the Lease (or leads at once without election); each election sweeps at once, like the schedule
     * does: not in run-once mode, nor while the scheduler is off ({@code quarkus.scheduler.enabled=false}, the
     * component tests, which sweep when they ask).
     */
    void startLeaderElection(@Observes StartupEvent event) {
        leadership.start(config.runOnce() || !scheduler.isRunning() ? () -> {
        } : this::sweepNow);
    }

    void stopLeaderElection(@Observes ShutdownEvent event) {
        leadership.stop();
    }

    /** One sweep on a thread of its own; the sweeper's own guard skips it if a scheduled sweep is running. */
    private void sweepNow() {
        Thread sweep = new Thread(() -> {
            try {
                sweeper.sweep();
            } catch (RuntimeException e) {
                LOG.errorf(e, "sweep on election failed");
            }
        }, "sweep-on-election");
        sweep.setDaemon(true);
        sweep.start();
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
