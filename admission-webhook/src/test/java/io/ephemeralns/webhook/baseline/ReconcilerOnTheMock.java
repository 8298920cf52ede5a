package io.ephemeralns.webhook.baseline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

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

    /** {@code ephemeral_ns_baseline_reconciles_total{result}}. */
    double reconciles(String result) {
        return registry.get("ephemeral.ns.baseline.reconciles").tag("result", result).counter().count();
    }
}
