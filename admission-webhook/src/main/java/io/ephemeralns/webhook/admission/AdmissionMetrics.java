package io.ephemeralns.webhook.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;

/**
 * The admission metrics of the contract: {@code ephemeral_ns_admission_requests_total{webhook,operation,kind,allowed}}
 * and the latency histogram {@code ephemeral_ns_admission_duration_seconds{webhook}}.
 *
 * <p>Every tag value comes from a fixed set, never from the request as sent: {@code operation} and {@code kind} are
 * whatever the caller wrote into the AdmissionReview, and each distinct value would make a new series kept in memory
 * for the life of the process, so forged reviews could exhaust the webhook's memory (and the Prometheus behind it).
 * A value outside the set is counted as {@link #OTHER}.
 */
@ApplicationScoped
public class AdmissionMetrics {

    /** Tag value for anything outside a tag's fixed set. */
    public static final String OTHER = "other";
    /** The webhooks, by endpoint. */
    public static final Set<String> WEBHOOKS = Set.of("mutate", "validate");
    /** The operations of AdmissionReview {@code admission.k8s.io/v1}. */
    public static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
    /** The kinds the chart's webhook configurations send: namespaces, pods, and the shipped baseline's kinds. */
    public static final Set<String> KINDS = Set.of("Namespace", "Pod", "ResourceQuota", "LimitRange", "NetworkPolicy",
            "RoleBinding");

    private final MeterRegistry registry;

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one answered review and records its latency. */
    public void record(String webhook, String operation, String kind, boolean allowed, Duration took) {
        String webhookTag = bounded(webhook, WEBHOOKS);
        Counter.builder("ephemeral.ns.admission.requests")
                .description("Admission reviews answered, by webhook, operation, kind and outcome")
                .tag("webhook", webhookTag).tag("operation", bounded(operation, OPERATIONS)).tag("kind", bounded(kind, KINDS))
                .tag("allowed", Boolean.toString(allowed))
                .register(registry).increment();
        Timer.builder("ephemeral.ns.admission.duration")
                .description("Time to decide an admission review")
                .tag("webhook", webhookTag)
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** The value when it belongs to the fixed set, else {@link #OTHER}. */
    static String bounded(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : OTHER;
    }
}
