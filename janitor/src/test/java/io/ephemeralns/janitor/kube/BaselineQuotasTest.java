package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.capacity.Requested;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineQuotasTest {

    @Test
    void countsAQuotaNamedLikeTheBaselines() {
        Map<String, Requested> usage = new HashMap<>();

        BaselineQuotas.add(usage, quota("test-a", "ephemeral-ns-quota", "250m"));

        assertThat(usage).containsEntry("test-a", new Requested(0.25, 0, 0, 0, 0));
    }

    @Test
    void ignoresAQuotaNotNamedLikeTheBaselines() {
        Map<String, Requested> usage = new HashMap<>();

        BaselineQuotas.add(usage, quota("test-a", "compute-quota", "4"));

        assertThat(usage).isEmpty();
    }

    @Test
    void aNamespaceWithTwoBaselineQuotasHoldsTheMostEitherCounts() {
        Map<String, Requested> usage = new HashMap<>();

        BaselineQuotas.add(usage, quota("test-a", "ephemeral-ns-quota", "1"));
        BaselineQuotas.add(usage, quota("test-a", "ephemeral-ns-gpu-quota", "500m"));

        assertThat(usage.get("test-a").cpuCores()).isEqualTo(1.0);
    }

    @Test
    void aQuotaWithoutStatusCountsNothing() {
        Map<String, Requested> usage = new HashMap<>();

        BaselineQuotas.add(usage, new ResourceQuotaBuilder().withNewMetadata().withNamespace("test-a")
                .withName("ephemeral-ns-quota").endMetadata().build());

        assertThat(usage).isEmpty();
    }

    private static ResourceQuota quota(String namespace, String name, String cpu) {
        return new ResourceQuotaBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewStatus().withUsed(Map.of("requests.cpu", new Quantity(cpu))).endStatus().build();
    }
}
