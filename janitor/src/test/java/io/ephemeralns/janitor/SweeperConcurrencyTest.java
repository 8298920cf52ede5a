package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.ephemeralns.janitor.stuck.ApiDiscovery;
import io.ephemeralns.runtime.LeaseLeadership;
import org.junit.jupiter.api.Test;

class SweeperConcurrencyTest {

    @Test
    void neverRunsTwoSweepsAtOnce() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JanitorSettings settings = new JanitorSettings(CiSettings.defaults("ephemeral-ns"),
                new SweepPolicy(Duration.ofMinutes(15), 50), Duration.ofMinutes(1), Duration.ofMinutes(2),
                Optional.empty(), false, JanitorSettings.StuckSettings.from(TestConfig.defaults().stuck()),
                Duration.ofSeconds(30));
        NamespaceLister blocking = new NamespaceLister(null, settings, TestConfig.defaults()) {
            @Override
            public int scan(Consumer<Namespace> sink, Runnable restart) {
                listing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }
        };
        JanitorMetrics metrics = new JanitorMetrics(new SimpleMeterRegistry());
        Sweeper sweeper = new Sweeper(blocking, new NamespaceDeleter(null, settings), null, metrics, settings,
                TestConfig.defaults(), Clock.systemUTC(), TokenBucket.perSecond(5), null,
                new ActionGate(LeaseLeadership.off("sweeping", "test"), metrics),
                () -> Optional.of(Duration.ZERO), new ApiDiscovery(null), new ReportSnapshot());

        CompletableFuture<SweepResult> first = CompletableFuture.supplyAsync(sweeper::sweep);
        assertThat(listing.await(10, TimeUnit.SECONDS)).isTrue();
        SweepResult second = sweeper.sweep();
        release.countDown();

        assertThat(second.skipped()).isTrue();
        assertThat(first.get(10, TimeUnit.SECONDS).completed()).isTrue();
        assertThat(sweeper.sweep().skipped()).as("the next sweep runs again").isFalse();
    }
}
