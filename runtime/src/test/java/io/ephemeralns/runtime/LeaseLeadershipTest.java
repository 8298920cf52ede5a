package io.ephemeralns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The election of replicas against the fabric8 mock's Leases: one leads, the other takes over. */
class LeaseLeadershipTest {

    /** Short timings so that a hand-over takes seconds. */
    private static final LeaseLeadership.Lease FAST = new LeaseLeadership.Lease("ephemeral-ns", "ephemeral-ns-webhook",
            Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));

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
    void onlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() {
        AtomicInteger firstElected = new AtomicInteger();
        AtomicInteger secondElected = new AtomicInteger();
        LeaseLeadership first = new LeaseLeadership(client, "resyncing", FAST);
        LeaseLeadership second = new LeaseLeadership(client, "resyncing", FAST);
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
    void withoutElectionTheReplicaLeadsOnceStarted() {
        AtomicInteger elected = new AtomicInteger();
        LeaseLeadership alone = LeaseLeadership.off("resyncing", "disabled");
        assertThat(alone.isLeader()).isFalse();

        alone.start(elected::incrementAndGet);

        assertThat(alone.isLeader()).isTrue();
        assertThat(elected.get()).isEqualTo(1);
    }
}
