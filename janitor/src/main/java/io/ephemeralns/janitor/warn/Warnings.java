package io.ephemeralns.janitor.warn;

import io.ephemeralns.janitor.plan.Warning;
import java.time.Duration;

/** Gives warnings before deletion; {@link #off()} when {@code janitor.warn.before} is unset. */
public interface Warnings {

    /** How long before a deletion to warn; zero = never. */
    Duration before();

    /**
     * Hands a warning over and returns at once (the work happens off the caller's thread). False when this replica may
     * not warn now (not the leader, or its clock is not trusted): the caller tries again later.
     */
    boolean warn(Warning warning);

    /**
     * Waits, up to {@code bound}, for the warnings handed over to be given, and takes no more: a run-once janitor (a
     * CronJob) exits right after its sweep, which would otherwise cut them off.
     */
    default void finish(Duration bound) throws InterruptedException {
    }

    /** No warnings. */
    static Warnings off() {
        return new Warnings() {
            @Override
            public Duration before() {
                return Duration.ZERO;
            }

            @Override
            public boolean warn(Warning warning) {
                return true;
            }
        };
    }
}
