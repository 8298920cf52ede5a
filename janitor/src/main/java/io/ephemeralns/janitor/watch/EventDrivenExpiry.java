package io.ephemeralns.janitor.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * The threads of the event path: one {@link ListWatch} per listing filling the {@link NamespaceCache}, and the
 * {@link DueDeletions} worker. They run on every replica (a standby's cache is warm, so that a new leader acts on
 * what is overdue within seconds instead of after a full list); only the leader deletes. Started once in the
 * Deployment mode, never in run-once mode.
 */
public final class EventDrivenExpiry {

    private final List<ListWatch> watches;
    private final DueDeletions deletions;
    private final List<Thread> threads = new ArrayList<>();

    public EventDrivenExpiry(NamespaceCache cache, List<ListWatch> watches, DueDeletions deletions) {
        this.watches = watches;
        this.deletions = deletions;
        cache.listen(deletions::changed);
    }

    /** Starts the watches and the worker (daemon threads). */
    public synchronized void start() {
        for (int i = 0; i < watches.size(); i++) {
            start(watches.get(i), "namespace-watch-" + i);
        }
        start(deletions, "deletions-at-expiry");
    }

    private void start(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    /** Stops them. */
    public synchronized void stop() {
        watches.forEach(ListWatch::stop);
        threads.forEach(Thread::interrupt);
        threads.clear();
    }
}
