package io.ephemeralns.webhook.baseline;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A work queue of namespace names with one worker thread: a name queued twice before it runs runs once, and a
 * failed name is retried after an exponential backoff ({@code initial * 2^(failures-1)}, at most {@code max}).
 */
final class ReconcileQueue {

    private static final Logger LOG = Logger.getLogger(ReconcileQueue.class);

    private final Predicate<String> work;
    private final Duration initial;
    private final Duration max;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "baseline-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    /** @param work reconciles one namespace; false or an exception means "retry later" */
    ReconcileQueue(Predicate<String> work, Duration initial, Duration max) {
        this.work = work;
        this.initial = initial;
        this.max = max;
    }

    /** Queues a namespace unless it is queued already. */
    void enqueue(String name) {
        if (name != null && pending.add(name)) {
            try {
                executor.execute(() -> run(name));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                pending.remove(name); // shutting down
            }
        }
    }

    /** Runs {@code task} every {@code period}, first after one period. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Forgets the failures of a deleted namespace. */
    void forget(String name) {
        failures.remove(name);
    }

    /** How many namespaces are waiting for a retry. */
    int failing() {
        return failures.size();
    }

    void shutdown() {
        executor.shutdownNow();
    }

    /** The delay before retry number {@code failures} (1 = first failure). */
    static Duration backoff(int failures, Duration initial, Duration max) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = initial.multipliedBy(1L << shift);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void run(String name) {
        pending.remove(name);
        boolean done;
        try {
            done = work.test(name);
        } catch (RuntimeException e) {
            LOG.warnf("reconciling namespace %s failed: %s", name, e.toString());
            done = false;
        }
        if (done) {
            failures.remove(name);
            return;
        }
        int count = failures.merge(name, 1, Integer::sum);
        Duration delay = backoff(count, initial, max);
        executor.schedule(() -> enqueue(name), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
