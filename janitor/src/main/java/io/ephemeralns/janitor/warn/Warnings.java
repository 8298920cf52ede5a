package io.ephemeralns.janitor.warn;

import io.ephemeralns.janitor.plan.Warning;
import java.time.Duration;

/** Gives warnings before deletion; {@link #off()} when {@code janitor.warn.before} is unset. */
public interface Warnings {

    /** How long before a deletion to warn; zero = never. */
    Duration before();

    /**
     * Hands a warning over and returns at once (the work happens off the caller's thread). False when this replica may
     * not warn now (not the leader): the caller tries again later.
     */
    boolean warn(Warning warning);

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
