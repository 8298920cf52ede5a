package io.ephemeralns.janitor.watch;

import java.time.Duration;

/**
 * The wait before the next attempt after a failure: {@link #FIRST}, doubling at each failure up to {@link #MAX}, and
 * back to {@link #FIRST} only after a success. What counts as a success is the caller's: for the cache's watch loop
 * it is a watch request that ran, not a list that worked, since a list can keep working while every watch is refused
 * (a ClusterRole without {@code watch}), and resetting then would list again every second.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** The wait after this failure; the next failure waits twice as long, at most {@link #MAX}. */
    Duration failed() {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        return wait;
    }

    /** A success: the next failure waits {@link #FIRST} again. */
    void succeeded() {
        next = FIRST;
    }
}
