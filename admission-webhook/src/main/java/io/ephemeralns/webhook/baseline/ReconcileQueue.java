package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.baseline.PendingNamespaces.Priority;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A work queue of namespace names with one worker thread and two priorities ({@link PendingNamespaces}): events
 * before resync entries. A name queued twice before it runs runs once, and a failed name is retried, as an event,
 * after an exponential backoff ({@code initial * 2^(failures-1)}, at most {@code max}). The worker starts taking
 * names only once {@code ready} holds (the namespace cache it decides from has synced).
 */
final class ReconcileQueue {

    private static final Logger LOG = Logger.getLogger(ReconcileQueue.class);
    private static final long READY_POLL_MILLIS = 50;

    private final Predicate<String> work;
    private final BooleanSupplier ready;
    private final Duration initial;
    private final Duration max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PendingNamespaces pending = new PendingNamespaces();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "baseline-reconciler-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread worker;
    private volatile boolean stopped;

    /** @param work reconciles one namespace; false or an exception means "retry later" */
    ReconcileQueue(Predicate<String> work, Duration initial, Duration max) {
        this(work, () -> true, initial, max);
    }

    /**
     * @param work  reconciles one namespace; false or an exception means "retry later"
     * @param ready whether the worker may start (checked until it first holds)
     */
    ReconcileQueue(Predicate<String> work, BooleanSupplier ready, Duration initial, Duration max) {
        this.work = work;
        this.ready = ready;
        this.initial = initial;
        this.max = max;
        this.worker = new Thread(this::loop, "baseline-reconciler");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a namespace as an event (before every resync entry) unless it is queued already. */
    void enqueue(String name) {
        add(name, Priority.EVENT);
    }

    /** Queues a namespace for the resync, after every event, unless it is queued already. */
    void enqueueResync(String name) {
        add(name, Priority.RESYNC);
    }

    private void add(String name, Priority priority) {
        if (name == null || stopped) {
            return;
        }
        lock.lock();
        try {
            if (pending.add(name, priority)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code task} every {@code period}, first after one period. */
    void every(Duration period, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("periodic baseline task failed: %s", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once after {@code delay}. */
    void after(Duration delay, Runnable task) {
        try {
            timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }

    /** Forgets the failures of a deleted namespace. */
    void forget(String name) {
        failures.remove(name);
    }

    /** How many namespaces are waiting for a retry. */
    int failing() {
        return failures.size();
    }

    /** How many namespaces wait to be reconciled (both priorities). */
    int waiting() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    void shutdown() {
        stopped = true;
        timers.shutdownNow();
        worker.interrupt();
    }

    /** The delay before retry number {@code failures} (1 = first failure). */
    static Duration backoff(int failures, Duration initial, Duration max) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = initial.multipliedBy(1L << shift);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void loop() {
        try {
            while (!stopped && !ready.getAsBoolean()) {
                Thread.sleep(READY_POLL_MILLIS);
            }
            while (!stopped) {
                run(take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        }
    }

    private String take() throws InterruptedException {
        lock.lock();
        try {
            Optional<String> next;
            while ((next = pending.poll()).isEmpty()) {
                changed.await();
            }
            return next.get();
        } finally {
            lock.unlock();
        }
    }

    private void run(String name) {
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
        try {
            timers.schedule(() -> enqueue(name), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }
}
