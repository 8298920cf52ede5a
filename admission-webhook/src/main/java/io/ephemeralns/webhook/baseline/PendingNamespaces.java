package io.ephemeralns.webhook.baseline;

import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * The namespaces waiting for a reconcile, in two priorities: {@link Priority#EVENT} (a namespace became CI, lacks its
 * baseline, changed profile, or one of its baseline objects was edited or deleted) always runs before
 * {@link Priority#RESYNC} (the periodic re-check of every CI namespace), so that a new namespace never waits behind
 * thousands of resync entries. A name is pending at most once; adding it as an event while it waits for a resync
 * moves it up. Within one priority, names run in order of arrival. Not thread-safe: {@link ReconcileQueue} locks.
 */
final class PendingNamespaces {

    /** The two priorities, highest first. */
    enum Priority { EVENT, RESYNC }

    private final LinkedHashSet<String> events = new LinkedHashSet<>();
    private final LinkedHashSet<String> resyncs = new LinkedHashSet<>();

    /** Adds a name; false when it was pending already at this or a higher priority. */
    boolean add(String name, Priority priority) {
        if (events.contains(name)) {
            return false;
        }
        if (priority == Priority.EVENT) {
            resyncs.remove(name);
            return events.add(name);
        }
        return resyncs.add(name);
    }

    /** Takes the next name: the oldest event, else the oldest resync entry. */
    Optional<String> poll() {
        LinkedHashSet<String> from = events.isEmpty() ? resyncs : events;
        if (from.isEmpty()) {
            return Optional.empty();
        }
        String next = from.iterator().next();
        from.remove(next);
        return Optional.of(next);
    }

    /** How many names wait, both priorities. */
    int size() {
        return events.size() + resyncs.size();
    }

    /** How many names wait for a resync. */
    int resyncs() {
        return resyncs.size();
    }
}
