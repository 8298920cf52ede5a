package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void takesOnlyWhatIsDueEarliestFirst() {
        DueQueue queue = new DueQueue();
        queue.schedule("late", T0.plusSeconds(30));
        queue.schedule("now", T0);
        queue.schedule("past", T0.minusSeconds(5));

        assertThat(queue.takeDue(T0)).containsExactly("past", "now");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.next()).contains(T0.plusSeconds(30));
    }

    @Test
    void schedulingANameAgainReKeysIt() {
        DueQueue queue = new DueQueue();
        queue.schedule("ns", T0);
        queue.schedule("ns", T0.plusSeconds(60));

        assertThat(queue.takeDue(T0)).isEmpty();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.dueAt("ns")).contains(T0.plusSeconds(60));
    }

    @Test
    void aRemovedNameIsNeverTaken() {
        DueQueue queue = new DueQueue();
        queue.schedule("ns", T0);
        queue.remove("ns");

        assertThat(queue.takeDue(T0.plusSeconds(60))).isEmpty();
        assertThat(queue.next()).isEmpty();
    }

    @Test
    void aTakenNameLeavesTheQueue() {
        DueQueue queue = new DueQueue();
        queue.schedule("ns", T0);
        queue.takeDue(T0);

        assertThat(queue.takeDue(T0)).isEmpty();
        assertThat(queue.dueAt("ns")).isEmpty();
    }

    @Test
    void anEarlierEntryWakesTheWaitingWorker() throws Exception {
        DueQueue queue = new DueQueue();
        Thread worker = new Thread(() -> {
            try {
                queue.await(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        while (worker.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        queue.schedule("ns", T0);

        worker.join(60_000);
        assertThat(worker.isAlive()).as("woken by the new earliest entry").isFalse();
    }
}
