package io.ephemeralns.janitor;

import io.ephemeralns.janitor.sweep.Sweeper;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * Entry point. In {@code run-once} mode (a CronJob) it runs one sweep and exits 0 when the sweep succeeded,
 * 1 when listing failed or any deletion failed; otherwise it serves until stopped while
 * {@link ScheduledSweeps} sweeps on schedule and, with {@code janitor.watch}, namespaces are deleted at their expiry
 * ({@link io.ephemeralns.janitor.watch.EventDrivenExpiry}, started by {@link JanitorComponents}).
 */
@QuarkusMain
public class JanitorMain implements QuarkusApplication {

    @Inject
    JanitorConfig config;

    @Inject
    Sweeper sweeper;

    @Override
    public int run(String... args) {
        if (config.runOnce()) {
            return sweeper.sweep().succeeded() ? 0 : 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
