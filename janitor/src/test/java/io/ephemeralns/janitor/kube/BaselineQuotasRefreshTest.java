package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The baseline quotas are listed at most once per janitor.capacity-interval; the sweeps in between reuse them. */
@EnableKubernetesMockClient
class BaselineQuotasRefreshTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aSweepWithinTheIntervalReusesTheLastListingWithoutARequest() {
        expectOneListing();
        BaselineQuotas quotas = new BaselineQuotas(client, 500, Duration.ofMinutes(15));

        BaselineQuotas.Usage first = quotas.usage(T0);
        BaselineQuotas.Usage second = quotas.usage(T0.plus(Duration.ofMinutes(14)));

        assertThat(first.requests()).isEqualTo(1);
        assertThat(second.requests()).isZero();
        assertThat(second.byNamespace()).isEqualTo(first.byNamespace()).containsKey("test-a");
    }

    @Test
    void aSweepAfterTheIntervalListsAgain() {
        expectOneListing();
        expectOneListing();
        BaselineQuotas quotas = new BaselineQuotas(client, 500, Duration.ofMinutes(15));

        quotas.usage(T0);

        assertThat(quotas.usage(T0.plus(Duration.ofMinutes(15))).requests()).isEqualTo(1);
    }

    private void expectOneListing() {
        server.expect().get().withPath("/api/v1/resourcequotas?labelSelector=ephemeral-ns.io%2Fbaseline%3Dtrue&limit=500")
                .andReturn(200, new ResourceQuotaListBuilder().withNewMetadata().endMetadata()
                        .addToItems(new ResourceQuotaBuilder().withNewMetadata().withNamespace("test-a")
                                .withName("ephemeral-ns-quota").endMetadata()
                                .withNewStatus().addToUsed("requests.cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                                .endStatus().build())
                        .build())
                .once();
    }
}
