package io.ephemeralns.webhook.baseline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * The reconciler's metric {@code ephemeral_ns_baseline_reconciles_total}, one counter per {@link ReconcileResult}.
 * Every result is exported from start-up, at 0, so that an alert on {@code result="failed"} has a series to read
 * before the first failure. A singleton, not normal-scoped: created, and the counters registered, when the controller
 * is created at start-up, not on the first reconcile.
 */
@Singleton
public class BaselineMetrics {

    private final Map<ReconcileResult, Counter> counters = new EnumMap<>(ReconcileResult.class);

    @Inject
    public BaselineMetrics(MeterRegistry registry) {
        for (ReconcileResult result : ReconcileResult.values()) {
            counters.put(result, Counter.builder("ephemeral.ns.baseline.reconciles")
                    .description("Baseline reconciles of CI namespaces, by result")
                    .tag("result", result.tag()).register(registry));
        }
    }

    /** Counts one reconcile. */
    public void record(ReconcileResult result) {
        counters.get(result).increment();
    }
}
