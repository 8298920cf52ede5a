package io.ephemeralns.janitor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run of several deletions at once: its bound, its per-namespace failures, and how leadership loss and
 * interruption stop it. The deletions are the test's (no API server); the waits below are bounded so that a broken
 * runner fails the test instead of hanging it, and none is a timing assertion.
 */
class DeletionRunnerTest {

    private static final long WAIT_SECONDS = 10;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JanitorMetrics metrics = new JanitorMetrics(registry);
    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopTheCaller() {
        caller.shutdownNow();
    }

    @Test
    void neverHasMoreThanTheConcurrencyInFlightAndReachesIt() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // every deletion waits for two others: the run ends only if three are in flight at once
        CyclicBarrier three = new CyclicBarrier(3);
        Actions actions = deleting(deletion -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            await(three);
            inFlight.decrementAndGet();
            return DeletionOutcome.DELETED;
        });

        Map<DeletionOutcome, Integer> outcomes = new DeletionRunner(actions, metrics, 3).run(deletions(9));

        assertThat(most).hasValue(3);
        assertThat(outcomes).containsExactly(Map.entry(DeletionOutcome.DELETED, 9));
    }

    @Test
    void attemptsEveryDeletionOfTheListExactlyOnce() throws Exception {
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        Actions actions = deleting(deletion -> {
            deleted.add(deletion.name());
            return DeletionOutcome.DELETED;
        });

        new DeletionRunner(actions, metrics, 4).run(deletions(50));

        assertThat(deleted).hasSize(50).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(names(50));
    }

    @Test
    void aFailedDeletionIsCountedAndTheOthersGoOn() throws Exception {
        List<DeletionOutcome> told = new ArrayList<>();
        Actions actions = deleting(deletion -> {
            if (deletion.name().equals("ns-3")) {
                throw new KubernetesClientException("etcd timeout", 500, null);
            }
            return DeletionOutcome.DELETED;
        });

        Map<DeletionOutcome, Integer> outcomes = new DeletionRunner(actions, metrics, 4).run(deletions(10), (deletion, outcome) -> told.add(outcome));

        assertThat(outcomes).containsEntry(DeletionOutcome.FAILED, 1).containsEntry(DeletionOutcome.DELETED, 9);
        assertThat(told).hasSize(10).containsOnlyOnce(DeletionOutcome.FAILED);
        assertThat(errors()).isEqualTo(1.0);
    }

    @Test
    void leadershipLostStopsEveryWorkerAndStartsNothingMore() {
        InFlight inFlight = new InFlight(3);
        Actions actions = deleting(deletion -> {
            inFlight.start();
            if (deletion.name().equals("ns-0")) {
                await(inFlight.allStarted);
                throw new LeadershipLost();
            }
            return inFlight.blockUntilInterrupted();
        });

        assertThatThrownBy(() -> new DeletionRunner(actions, metrics, 3).run(deletions(20)))
                .isInstanceOf(LeadershipLost.class);

        assertThat(inFlight.started).as("no deletion starts once the Lease is lost").hasValue(3);
        assertThat(inFlight.interrupted).as("the deletions in flight were stopped").hasValue(2);
        assertThat(errors()).as("a run cut short is not a failure of its namespaces").isZero();
    }

    @Test
    void interruptingTheCallerStopsEveryWorker() throws Exception {
        InFlight inFlight = new InFlight(3);
        Actions actions = deleting(deletion -> {
            inFlight.start();
            return inFlight.blockUntilInterrupted();
        });
        Future<?> run = caller.submit(() -> new DeletionRunner(actions, metrics, 3).run(deletions(20)));
        await(inFlight.allStarted);

        run.cancel(true);
        caller.shutdown();

        assertThat(caller.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("the run returned").isTrue();
        assertThat(inFlight.interrupted).hasValue(3);
        assertThat(inFlight.started).hasValue(3);
    }

    @Test
    void aConcurrencyOfOneDeletesInOrderOnTheCallersThread() throws Exception {
        List<String> deleted = new ArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Actions actions = deleting(deletion -> {
            threads.add(Thread.currentThread());
            deleted.add(deletion.name());
            return DeletionOutcome.DELETED;
        });

        new DeletionRunner(actions, metrics, 1).run(deletions(5));

        assertThat(deleted).containsExactlyElementsOf(names(5));
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void refusesAConcurrencyBelowOne() {
        assertThatThrownBy(() -> new DeletionRunner(deleting(deletion -> DeletionOutcome.DELETED), metrics, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private double errors() {
        return registry.find("ephemeral.ns.sweep.errors").counter().count();
    }

    /** A deletion of the test's, which may block, throw or be interrupted. */
    @FunctionalInterface
    private interface Delete {
        DeletionOutcome apply(Deletion deletion) throws InterruptedException;
    }

    /** Actions that only delete, the test's way. */
    private static Actions deleting(Delete delete) {
        return new Actions() {
            @Override
            public boolean dryRun() {
                return false;
            }

            @Override
            public DeletionOutcome delete(Deletion deletion) throws InterruptedException {
                return delete.apply(deletion);
            }

            @Override
            public void forgetAllBut(Set<String> plannedUids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean releaseAccess(NamespaceStatus status, Instant now) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
                    RepairBudget budget, Instant now) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating,
                    Instant now) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Deletions that block until they are interrupted, counted. */
    private static final class InFlight {
        final CountDownLatch allStarted;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();

        InFlight(int concurrency) {
            allStarted = new CountDownLatch(concurrency);
        }

        void start() {
            started.incrementAndGet();
            allStarted.countDown();
        }

        DeletionOutcome blockUntilInterrupted() throws InterruptedException {
            try {
                new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError("not interrupted within " + WAIT_SECONDS + " s");
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }
    }

    private static void await(CyclicBarrier barrier) throws InterruptedException {
        try {
            barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("fewer deletions in flight than the concurrency", e);
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer deletions in flight than the concurrency");
        }
    }

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "ns-" + i).toList();
    }

    private static List<Deletion> deletions(int count) {
        return names(count).stream().map(DeletionRunnerTest::deletion).toList();
    }

    private static Deletion deletion(String name) {
        NamespaceView view = NamespaceView.of(new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().build());
        return new Deletion(NamespaceStatus.classify(view, CiSettings.defaults("ephemeral-ns"), Duration.ofMinutes(15),
                Instant.parse("2026-01-02T00:00:00Z")), "ttl");
    }
}
