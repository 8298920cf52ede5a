package io.ephemeralns.janitor.watch;

import java.time.Duration;
import java.time.Instant;

/**
 * The per-sweep cap ({@code janitor.max-deletions-per-sweep}) applied to the event path: at most that many
 * deletions per window of {@code janitor.interval}, so that a burst of expiries (a re-list after an outage, a
 * thousand namespaces created with the same TTL) is spread as the periodic sweep would spread it. A deletion that
 * did not happen (draining, refused, failed, no longer due) gives its permit back. Time is given, never read here.
 */
public final class DeletionWindow {

    private final int max;
    private final Duration length;
    private Instant start = Instant.MIN;
    private int taken;

    public DeletionWindow(int max, Duration length) {
        this.max = max;
        this.length = length;
    }

    /** Takes one permit of the window holding {@code now}; false when it is used up (or the cap is 0). */
    public synchronized boolean tryTake(Instant now) {
        if (start == Instant.MIN || !now.isBefore(start.plus(length))) {
            start = now;
            taken = 0;
        }
        if (taken >= max) {
            return false;
        }
        taken++;
        return true;
    }

    /** Gives back the permit of a deletion that did not happen. */
    public synchronized void giveBack() {
        if (taken > 0) {
            taken--;
        }
    }

    /** When the current window ends, and with it the wait of a namespace deferred by the cap. */
    public synchronized Instant end(Instant now) {
        return start == Instant.MIN ? now : start.plus(length);
    }
}
