package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the reconciler's tests against the fabric8 mock server share: the client of the mock, the metrics and the
 * reconciler itself, injected into each {@code @QuarkusTest} subclass (each names its own test profile).
 */
abstract class ReconcilerOnTheMock {

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    @Inject
    BaselineReconciler reconciler;

    /**
     * Once the caches have seen the namespace's objects, a reconcile of it finds nothing to do, and a second one makes
     * no request at all.
     *
     * @param requests how many requests the mock has received so far
     */
    void assertAReconcileCostsNoRequest(String namespace, IntSupplier requests) {
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciler.reconcile(namespace) == ReconcileResult.UNCHANGED);
        int before = requests.getAsInt();

        ReconcileResult result = reconciler.reconcile(namespace);

        assertThat(result).isEqualTo(ReconcileResult.UNCHANGED);
        assertThat(requests.getAsInt()).isEqualTo(before);
    }

    /** {@code ephemeral_ns_baseline_reconciles_total{result}}. */
    double reconciles(String result) {
        return registry.get("ephemeral.ns.baseline.reconciles").tag("result", result).counter().count();
    }
}
