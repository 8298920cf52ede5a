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
}
