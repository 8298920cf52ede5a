package io.ephemeralns.janitor;

import io.ephemeralns.janitor.sweep.Sweeper;
import io.ephemeralns.janitor.warn.Warnings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Entry point. In {@code run-once} mode (a CronJob) it runs one sweep and exits 0 when the sweep succeeded,
 * 1 when listing failed or any deletion failed; otherwise it serves until stopped while
 * {@link ScheduledSweeps} sweeps on schedule and, with {@code janitor.watch}, namespaces are deleted at their expiry
 * ({@link io.ephemeralns.janitor.watch.EventDrivenExpiry}, started by {@link JanitorComponents}). A run-once janitor
 * waits, at most {@link #WARNINGS_BOUND}, for the warnings its sweep handed over before it exits.
 */
@QuarkusMain
public class JanitorMain implements QuarkusApplication {

    @Inject
    JanitorConfig config;

    @Inject
    Sweeper sweeper;

    @Inject
    Warnings warnings;

    /** How long a run-once janitor waits, after its sweep, for the warnings it handed over (a POST's retries included). */
    static final Duration WARNINGS_BOUND = Duration.ofSeconds(60);

    @Override
    public int run(String... args) throws InterruptedException {
        if (config.runOnce()) {
            boolean succeeded = sweeper.sweep().succeeded();
            warnings.finish(WARNINGS_BOUND);
            return succeeded ? 0 : 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
