package io.ephemeralns.janitor.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ephemeral_ns_captures_total{outcome}} (every {@link CaptureResult.Outcome} but {@code not_captured}, registered
 * at zero so that an alert on {@code failed} sees the series from the start), {@code ephemeral_ns_capture_bytes_total}
 * (bytes of entries written) and {@code ephemeral_ns_capture_archives_pruned_total} (archives removed by the retention).
 */
public class CaptureMetrics {

    private final Map<CaptureResult.Outcome, Counter> captures = new EnumMap<>(CaptureResult.Outcome.class);
    private final Counter bytes;
    private final Counter pruned;

    public CaptureMetrics(MeterRegistry registry) {
        for (CaptureResult.Outcome outcome : CaptureResult.Outcome.values()) {
            if (outcome != CaptureResult.Outcome.NOT_CAPTURED) {
                captures.put(outcome, Counter.builder("ephemeral.ns.captures")
                        .description("Captures of namespaces before deletion, by outcome")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
        }
        bytes = Counter.builder("ephemeral.ns.capture.bytes").description("Bytes written to capture archives")
                .register(registry);
        pruned = Counter.builder("ephemeral.ns.capture.archives.pruned")
                .description("Capture archives removed by janitor.capture.retention").register(registry);
    }

    /** Counts one capture. */
    public void count(CaptureResult.Outcome outcome) {
        Counter counter = captures.get(outcome);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Counts bytes written. */
    public void written(long written) {
        bytes.increment(written);
    }

    /** Counts pruned archives. */
    public void pruned(int count) {
        pruned.increment(count);
    }

    /** The count so far. */
    public double total(CaptureResult.Outcome outcome) {
        Counter counter = captures.get(outcome);
        return counter == null ? 0 : counter.count();
    }
}
