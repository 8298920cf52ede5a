package io.ephemeralns.janitor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExclusiveDeletionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aSecondDeletionOfTheSameNamespaceWaitsForTheFirst() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Actions exclusive = new ExclusiveDeletions(new IdleActions() {
            @Override
            public DeletionOutcome delete(Deletion deletion) throws InterruptedException {
                mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                inside.countDown();
                release.await(10, TimeUnit.SECONDS);
                concurrent.decrementAndGet();
                return DeletionOutcome.DELETED;
            }
        });

        CompletableFuture<DeletionOutcome> first = run(exclusive, deletion("ns"));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread[] secondThread = new Thread[1];
        CompletableFuture<DeletionOutcome> second = CompletableFuture.supplyAsync(() -> call(exclusive, deletion("ns")),
                runnable -> {
                    secondThread[0] = new Thread(runnable);
                    secondThread[0].start();
                });
        // parked: waiting for the first (or, were it not exclusive, inside the delete beside it)
        while (secondThread[0].getState() != Thread.State.WAITING && secondThread[0].getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(DeletionOutcome.DELETED);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(DeletionOutcome.DELETED);
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void deletionsOfDifferentNamespacesRunSideBySide() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Actions exclusive = new ExclusiveDeletions(new IdleActions() {
            @Override
            public DeletionOutcome delete(Deletion deletion) throws InterruptedException {
                both.countDown();
                return both.await(10, TimeUnit.SECONDS) ? DeletionOutcome.DELETED : DeletionOutcome.FAILED;
            }
        });

        CompletableFuture<DeletionOutcome> a = run(exclusive, deletion("a"));
        CompletableFuture<DeletionOutcome> b = run(exclusive, deletion("b"));

        assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo(DeletionOutcome.DELETED);
        assertThat(b.get(20, TimeUnit.SECONDS)).isEqualTo(DeletionOutcome.DELETED);
    }

    private static CompletableFuture<DeletionOutcome> run(Actions actions, Deletion deletion) {
        return CompletableFuture.supplyAsync(() -> call(actions, deletion), runnable -> new Thread(runnable).start());
    }

    private static DeletionOutcome call(Actions actions, Deletion deletion) {
        try {
            return actions.delete(deletion);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Deletion deletion(String name) {
        NamespaceView view = new NamespaceView(name, "uid-" + name, Optional.of(T0), Optional.empty(),
                Map.of("created-by", "ci-cd", "ttl", "1h"), Map.of());
        return new Deletion(NamespaceStatus.classify(view, CiSettings.defaults("ephemeral-ns"), Duration.ofMinutes(15),
                T0.plus(Duration.ofHours(2))), "ttl");
    }
}
