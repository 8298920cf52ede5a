package io.ephemeralns.janitor.act;

import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Runs a list of planned deletions through {@link Actions#delete}, at most {@code concurrency} at once. One deletion
 * is a chain of dependent requests (re-read, pods check, delete, Event: see {@link LiveActions} and
 * {@link io.ephemeralns.janitor.kube.NamespaceDeleter}), so a single caller waits on round trips, not on the
 * rate limit: a few deletions in flight let the {@link TokenBucket} ({@code janitor.deletes-per-second}), which
 * every deletion still takes a token of, be the limit. The caller's list is the limit of how many are attempted
 * (the sweep's is capped by {@code janitor.max-deletions-per-sweep}); each is attempted at most once, in the list's
 * order of start.
 *
 * <p>As the sequential loop it replaces: a deletion that fails (an API error, any {@link RuntimeException}) is
 * logged with the namespace and its UID, counted ({@code ephemeral_ns_sweep_errors_total}) and reported as
 * {@link DeletionOutcome#FAILED}, and the run goes on. {@link LeadershipLost}, from any deletion, stops the whole
 * run: no deletion starts after it, the others in flight are interrupted (a deletion waiting for its token wakes at
 * once, one waiting for a response stops waiting; what the API server already accepted stands), and
 * {@link #run} throws it once all workers have stopped. Interrupting the caller stops the run the same way and
 * {@link #run} throws {@link InterruptedException}. A deletion cut short so is not reported: it was not completed,
 * and the next sweep, or the next leader, takes it again.
 *
 * <p>Workers are threads of this run only (daemon threads named {@code deletion-<n>}, ended when it ends); a list of
 * one, or a concurrency of 1, runs on the caller's thread.
 */
public final class DeletionRunner {

    private static final Logger LOG = Logger.getLogger(DeletionRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Actions actions;
    private final JanitorMetrics metrics;
    private final int concurrency;

    /** @param concurrency most deletions in flight at once ({@code janitor.deletion-concurrency}), at least 1 */
    public DeletionRunner(Actions actions, JanitorMetrics metrics, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.actions = actions;
        this.metrics = metrics;
        this.concurrency = concurrency;
    }

    /** Runs the deletions; returns how many ended in each outcome. */
    public Map<DeletionOutcome, Integer> run(List<Deletion> deletions) throws InterruptedException {
        return run(deletions, (deletion, outcome) -> {
        });
    }

    /**
     * Runs the deletions, telling {@code onOutcome} each deletion's outcome as it comes (one call at a time, never two at once,
     * so that it needs no locking of its own).
     *
     * @return how many ended in each outcome
     * @throws LeadershipLost       when this replica lost its Lease during the run (all workers have stopped)
     * @throws InterruptedException when the caller was interrupted (all workers have stopped)
     */
    public Map<DeletionOutcome, Integer> run(List<Deletion> deletions, BiConsumer<Deletion, DeletionOutcome> onOutcome)
            throws InterruptedException {
        Run run = new Run(List.copyOf(deletions), onOutcome);
        int workers = Math.min(concurrency, deletions.size());
        if (workers <= 1) {
            run.work();
            return run.outcomes;
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(run::workUntilStopped, "deletion-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
        }
        run.workers(threads);
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            run.stop(e);
            joinUninterruptibly(threads);
            throw e;
        }
        run.rethrow();
        return run.outcomes;
    }

    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One run's shared state: the next deletion to start, the outcomes so far, and why it stopped, if it did. */
    private final class Run {
        private final List<Deletion> deletions;
        private final BiConsumer<Deletion, DeletionOutcome> onOutcome;
        private final AtomicInteger next = new AtomicInteger();
        private final Map<DeletionOutcome, Integer> outcomes = new EnumMap<>(DeletionOutcome.class);
        private List<Thread> workers = List.of();
        private volatile boolean stopped;
        private Throwable cause;

        Run(List<Deletion> deletions, BiConsumer<Deletion, DeletionOutcome> onOutcome) {
            this.deletions = deletions;
            this.onOutcome = onOutcome;
        }

        synchronized void workers(List<Thread> threads) {
            this.workers = threads;
        }

        /** Starts deletions until none is left or the run stopped; the first LeadershipLost stops it. */
        void work() throws InterruptedException {
            while (!stopped) {
                int index = next.getAndIncrement();
                if (index >= deletions.size()) {
                    return;
                }
                Deletion deletion = deletions.get(index);
                DeletionOutcome outcome;
                try {
                    outcome = actions.delete(deletion);
                } catch (LeadershipLost e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (stopped) {
                        return; // cut short by the stop (an interrupted request), not this namespace's failure
                    }
                    LOG.errorf("namespace %s (uid %s): deletion failed: %s", deletion.name(), deletion.uid(), Failures.reason(e));
                    metrics.error();
                    outcome = DeletionOutcome.FAILED;
                }
                report(deletion, outcome);
            }
        }

        /** A worker thread's body: whatever stops it stops the run, and is thrown to the caller. */
        void workUntilStopped() {
            try {
                work();
            } catch (InterruptedException | RuntimeException | Error e) {
                stop(e);
            }
        }

        synchronized void report(Deletion deletion, DeletionOutcome outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
            onOutcome.accept(deletion, outcome);
        }

        /** Stops the run for {@code why} (the first reason wins) and wakes every worker. */
        synchronized void stop(Throwable why) {
            if (cause == null) {
                cause = why;
            }
            stopped = true;
            Thread self = Thread.currentThread();
            workers.stream().filter(worker -> worker != self).forEach(Thread::interrupt);
        }

        /** Throws what stopped the run, if anything did. */
        synchronized void rethrow() throws InterruptedException {
            if (cause instanceof LeadershipLost lost) {
                throw lost;
            }
            if (cause instanceof InterruptedException) {
                throw new InterruptedException("a deletion worker was interrupted");
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
        }
    }
}
