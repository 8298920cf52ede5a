package io.ephemeralns.janitor;

import io.ephemeralns.janitor.sleep.SleepCheck;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Checks the kept namespaces every {@code janitor.sleep.interval} while this replica is the leader (not in run-once
 * mode); does nothing while the sleep is off ({@link SleepComponents} built no check).
 */
@ApplicationScoped
public class ScheduledSleeps {

    private final Optional<SleepCheck> check;

    public ScheduledSleeps(Optional<SleepCheck> check) {
        this.check = check;
    }

    /** Builds the check at start-up, so that a bad {@code janitor.sleep.*} value stops the program then. */
    void validate(@Observes StartupEvent event) {
        check.isPresent();
    }

    @Scheduled(identity = "sleep", every = "{janitor.sleep.interval}", delayed = "1s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = ScheduledSweeps.NotLeaderOrRunOnce.class)
    void checkKeptNamespaces() {
        check.ifPresent(SleepCheck::check);
    }
}
