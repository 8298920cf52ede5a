package io.ephemeralns.janitor;

import io.ephemeralns.janitor.leftovers.LeftoverSweep;
import io.ephemeralns.runtime.LeaseLeadership;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Runs the cluster-scoped leftovers every {@code janitor.interval}: each replica remembers the admitted CI namespaces of
 * its watch-fed cache (no request), so that a new leader knows them too; the leader lists the labelled objects at most
 * once per {@code janitor.leftovers.interval}. Skipped while {@code janitor.leftovers.enabled} is false (the default)
 * and in run-once mode.
 */
@ApplicationScoped
public class ScheduledLeftovers {

    private final Instance<LeftoverSweep> sweeps;
    private final JanitorSettings settings;
    private final LeaseLeadership leadership;

    public ScheduledLeftovers(Instance<LeftoverSweep> sweeps, JanitorSettings settings, LeaseLeadership leadership) {
        this.sweeps = sweeps;
        this.settings = settings;
        this.leadership = leadership;
    }

    @Scheduled(identity = "leftovers", every = "{janitor.interval}", delayed = "5s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Off.class)
    void tick() throws InterruptedException {
        LeftoverSweep sweep = sweeps.get();
        if (settings.watch()) {
            sweep.observe();
        }
        if (leadership.isLeader()) {
            sweep.sweepIfDue();
        }
    }

    /** Skips the ticks while the leftovers are off. */
    @ApplicationScoped
    public static class Off implements Scheduled.SkipPredicate {

        @Inject
        LeftoverSettings settings;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !settings.enabled();
        }
    }
}
