package io.ephemeralns.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SweeperConcurrencyTest {

    @Test
    void deletesNoMoreThanTheCapWithSeveralDeletionsAtOnce() {
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        NamespaceDeleter deleter = new NamespaceDeleter(null, Duration.ofMinutes(2)) {
            @Override
            public DeletionOutcome delete(Deletion deletion, Instant now) {
                deleted.add(deletion.name());
                return DeletionOutcome.DELETED;
            }
        };
        Namespace[] expired = IntStream.range(0, 60).mapToObj(i -> expired("test-" + i)).toArray(Namespace[]::new);
        Sweeper sweeper = Sweepers.sweeper(Sweepers.listing(expired), deleter, () -> true,
                new JanitorMetrics(new SimpleMeterRegistry()), 8);

        SweepResult result = sweeper.sweep();

        assertThat(deleted).as("the per-sweep cap of the contract").hasSize(50);
        assertThat(result.count(DeletionOutcome.DELETED)).isEqualTo(50);
        assertThat(result.plan().deferred()).isEqualTo(10);
        assertThat(result.completed()).isTrue();
    }

    private static Namespace expired(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp("2026-01-01T00:00:00Z").addToLabels("created-by", "ci-cd")
                .addToLabels(ProductKeys.MANAGED, "true").addToLabels("ttl", "1h").endMetadata().build();
    }

    @Test
    void neverRunsTwoSweepsAtOnce() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NamespaceLister blocking = new NamespaceLister(null, null, 500) {
            @Override
            public int scan(Consumer<NamespaceView> sink, Runnable restart) {
                listing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }
        };
        Sweeper sweeper = Sweepers.sweeper(blocking, new NamespaceDeleter(null, Duration.ofMinutes(2)), () -> true,
                new JanitorMetrics(new SimpleMeterRegistry()));

        CompletableFuture<SweepResult> first = CompletableFuture.supplyAsync(sweeper::sweep);
        assertThat(listing.await(10, TimeUnit.SECONDS)).isTrue();
        SweepResult second = sweeper.sweep();
        release.countDown();

        assertThat(second.skipped()).isTrue();
        assertThat(first.get(10, TimeUnit.SECONDS).completed()).isTrue();
        assertThat(sweeper.sweep().skipped()).as("the next sweep runs again").isFalse();
    }
}
