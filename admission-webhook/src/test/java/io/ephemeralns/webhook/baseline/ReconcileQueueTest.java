package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconcileQueueTest {

    @ParameterizedTest(name = "failure {0} waits {1}s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "5, 16", "9, 256", "10, 300", "100, 300"})
    void backsOffExponentiallyUpToTheMaximum(int failures, long seconds) {
        assertThat(ReconcileQueue.backoff(failures, Duration.ofSeconds(1), Duration.ofMinutes(5))).hasSeconds(seconds);
    }

    @Test
    void retriesAFailingNamespaceUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        ReconcileQueue queue = new ReconcileQueue(name -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("API server unreachable");
            }
            return true;
        }, Duration.ofMillis(10), Duration.ofMillis(40));
        try {
            queue.enqueue("test-a");
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3 && queue.failing() == 0);
        } finally {
            queue.shutdown();
        }
    }

    @Test
    void runsEachNamespaceInOrderOfArrival() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ReconcileQueue queue = new ReconcileQueue(name -> seen.add(name), Duration.ofMillis(10), Duration.ofMillis(10));
        try {
            queue.enqueue("a");
            queue.enqueue("b");
            queue.enqueue("c");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("a", "b", "c");
        } finally {
            queue.shutdown();
        }
    }

    @Test
    void runsEventsBeforeTheResyncEntriesQueuedEarlier() throws InterruptedException {
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ReconcileQueue queue = new ReconcileQueue(name -> {
            seen.add(name);
            if ("busy".equals(name)) {
                first.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }, Duration.ofMillis(10), Duration.ofMillis(10));
        try {
            queue.enqueue("busy");
            first.await();
            for (int i = 0; i < 100; i++) {
                queue.enqueueResync("old-" + i);
            }
            queue.enqueue("new");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 102);
            assertThat(seen.subList(0, 2)).containsExactly("busy", "new");
        } finally {
            queue.shutdown();
        }
    }

    @Test
    void waitsUntilItsCachesAreReady() {
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        ReconcileQueue queue = new ReconcileQueue(name -> seen.add(name), () -> {
            checks.incrementAndGet();
            return ready.get();
        }, Duration.ofMillis(10), Duration.ofMillis(10));
        try {
            queue.enqueue("a");
            int before = checks.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() > before + 1); // asked again after the enqueue
            assertThat(seen).isEmpty();
            assertThat(queue.waiting()).isEqualTo(1);
            ready.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        } finally {
            queue.shutdown();
        }
    }
}
