package io.ephemeralns.janitor.act;

/**
 * Thrown when this replica finds, just before an action, that it no longer holds the Lease: the sweep stops at
 * once (another replica may be acting), and is not counted as completed.
 */
public final class LeadershipLost extends RuntimeException {

    public LeadershipLost() {
        super("leadership lost during the sweep", null, false, false);
    }
}
