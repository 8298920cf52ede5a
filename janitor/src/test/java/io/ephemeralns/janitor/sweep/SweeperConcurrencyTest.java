package io.ephemeralns.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SweeperConcurrencyTest {

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
