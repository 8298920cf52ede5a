package io.ephemeralns.janitor.forge;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the ids of deliveries already taken ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID}) for
 * {@code window}, at most {@code capacity} of them, so that a delivery sent twice is acted on once. Memory is
 * bounded: past the capacity the oldest ids are forgotten first. The forges sign no timestamp, so a captured
 * delivery replayed after the window (or after {@code capacity} newer ones) is taken again; what it can do is
 * bounded by what it names (the namespaces of one repository's ended pull request or deleted branch).
 *
 * <p>A forge's manual redelivery reuses the id: an id is therefore {@link #forget(String) forgotten} again when the
 * delivery could not be acted on (not the leader, the API server failed), so that the redelivery is taken.
 * Thread-safe; no clock: callers pass {@code now}.
 */
public final class ReplayGuard {

    private final Duration window;
    private final int capacity;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    /**
     * @param window   how long an id is remembered
     * @param capacity most ids remembered at once
     */
    public ReplayGuard(Duration window, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.window = window;
        this.capacity = capacity;
    }

    /** True, and remembers the id, when it was not seen within the window; false for a replay. */
    public synchronized boolean firstSeen(String id, Instant now) {
        expire(now);
        if (seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        while (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets an id, so that a redelivery of it is taken. */
    public synchronized void forget(String id) {
        seen.remove(id);
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return seen.size();
    }

    private void expire(Instant now) {
        Iterator<Map.Entry<String, Instant>> entries = seen.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Instant> entry = entries.next();
            if (entry.getValue().plus(window).isAfter(now)) {
                return; // insertion order is time order: the rest are younger
            }
            entries.remove();
        }
    }
}
