package io.ephemeralns.webhook.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The admission metrics of the contract: {@code ephemeral_ns_admission_requests_total{webhook,operation,kind,allowed}}
 * and the latency histogram {@code ephemeral_ns_admission_duration_seconds{webhook}}.
 */
@ApplicationScoped
public class AdmissionMetrics {

    private final MeterRegistry registry;

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one answered review and records its latency. */
    public void record(String webhook, String operation, String kind, boolean allowed, Duration took) {
        Counter.builder("ephemeral.ns.admission.requests")
                .description("Admission reviews answered, by webhook, operation, kind and outcome")
                .tag("webhook", webhook).tag("operation", blankAs(operation)).tag("kind", blankAs(kind))
                .tag("allowed", Boolean.toString(allowed))
                .register(registry).increment();
        Timer.builder("ephemeral.ns.admission.duration")
                .description("Time to decide an admission review")
                .tag("webhook", webhook)
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    private static String blankAs(String value) {
        return value == null || value.isEmpty() ? "unknown" : value;
    }
}
