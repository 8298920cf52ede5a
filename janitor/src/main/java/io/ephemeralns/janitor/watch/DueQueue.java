package io.ephemeralns.janitor.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A delay queue of names keyed by the instant each becomes due, at most one entry per name: scheduling a
 * name again re-keys it (a label or annotation changed its expiry, or a draining namespace is looked at again later).
 * The names are namespaces' and, for their warnings before deletion, {@link DueDeletions}' warning keys.
 * Thread-safe; {@link #await} lets the one worker sleep until the earliest entry is due or an earlier one arrives.
 * Time is given, never read here, so that tests drive it with instants.
 */
public final class DueQueue {

    private record Entry(Instant at, String name) {
    }

    private static final Comparator<Entry> EARLIEST_FIRST = Comparator.comparing(Entry::at).thenComparing(Entry::name);

    private final Map<String, Entry> byName = new HashMap<>();
    private final TreeSet<Entry> order = new TreeSet<>(EARLIEST_FIRST);

    /** Puts a name in the queue at {@code at}, replacing its previous entry. */
    public synchronized void schedule(String name, Instant at) {
        Entry entry = new Entry(at, name);
        Entry previous = byName.put(name, entry);
        if (previous != null) {
            order.remove(previous);
        }
        boolean earliest = order.isEmpty() || EARLIEST_FIRST.compare(entry, order.first()) < 0;
        order.add(entry);
        if (earliest) {
            notifyAll();
        }
    }

    /** Takes a name out of the queue (deleted, out of scope, or no longer ever due). */
    public synchronized void remove(String name) {
        Entry previous = byName.remove(name);
        if (previous != null) {
            order.remove(previous);
        }
    }

    /** When the name is due, if it is queued. */
    public synchronized Optional<Instant> dueAt(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::at);
    }

    /** The earliest due instant, empty when the queue is empty. */
    public synchronized Optional<Instant> next() {
        return order.isEmpty() ? Optional.empty() : Optional.of(order.first().at());
    }

    /** Removes and returns, earliest first, the names due at {@code now} (due at or before it). */
    public synchronized List<String> takeDue(Instant now) {
        List<String> due = new ArrayList<>();
        while (!order.isEmpty() && !order.first().at().isAfter(now)) {
            Entry entry = order.pollFirst();
            byName.remove(entry.name());
            due.add(entry.name());
        }
        return due;
    }

    /** Names queued. */
    public synchronized int size() {
        return byName.size();
    }

    /**
     * Waits up to {@code millis} (at least 1), or until a name is scheduled ahead of all others: the worker then
     * looks again at what is due.
     */
    public synchronized void await(long millis) throws InterruptedException {
        wait(Math.max(1, millis));
    }
}
