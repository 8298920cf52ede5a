package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resync election of the webhook's replicas against the fabric8 mock's Leases: one resyncs, the other takes over. */
class ResyncLeadershipTest {

    /** Short timings so that a hand-over takes seconds. */
    record Timings(boolean enabled, String leaseName, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod)
            implements WebhookConfig.LeaderElection {
    }

    private static final Timings FAST = new Timings(true, "ephemeral-ns-webhook", Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(200));

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void onlyOneReplicaResyncsAndAnotherTakesOverWhenItStops() {
        AtomicInteger firstElected = new AtomicInteger();
        AtomicInteger secondElected = new AtomicInteger();
        ResyncLeadership first = new ResyncLeadership(client, FAST, Optional.of("ephemeral-ns"));
        ResyncLeadership second = new ResyncLeadership(client, FAST, Optional.of("ephemeral-ns"));
        first.start(firstElected::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
        second.start(secondElected::incrementAndGet);
        try {
            // the second competes for several retry periods while the first renews
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(first::isLeader);
            assertThat(second.isLeader()).isFalse();
            assertThat(List.of(firstElected.get(), secondElected.get())).containsExactly(1, 0);

            first.stop();
            await().atMost(Duration.ofSeconds(15)).until(second::isLeader);
            assertThat(secondElected.get()).isEqualTo(1);
            assertThat(first.isLeader()).isFalse();
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void withoutElectionEveryReplicaResyncs() {
        AtomicInteger elected = new AtomicInteger();
        ResyncLeadership alone = new ResyncLeadership(client, new Timings(false, "x", Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMillis(200)), Optional.of("ephemeral-ns"));
        ResyncLeadership unknownNamespace = new ResyncLeadership(client, FAST, Optional.empty());

        alone.start(elected::incrementAndGet);
        unknownNamespace.start(elected::incrementAndGet);

        assertThat(alone.isLeader()).isTrue();
        assertThat(unknownNamespace.isLeader()).isTrue();
        assertThat(elected.get()).isEqualTo(2);
    }
}
