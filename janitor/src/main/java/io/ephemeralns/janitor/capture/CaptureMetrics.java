package io.ephemeralns.janitor.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ephemeral_ns_captures_total{outcome}} (every {@link CaptureResult.Outcome} but {@code not_captured}, registered
 * at zero so that an alert on {@code failed} sees the series from the start), {@code ephemeral_ns_capture_bytes_total}
 * (bytes of entries written) and {@code ephemeral_ns_capture_archives_pruned_total{reason}} (archives removed:
 * {@code retention}, older than {@code janitor.capture.retention}; {@code space}, the oldest, to make room on a full
 * volume, {@link ArchiveRoom}).
 */
public class CaptureMetrics {

    private final Map<CaptureResult.Outcome, Counter> captures = new EnumMap<>(CaptureResult.Outcome.class);
    private final Counter bytes;
    /** Values of the label {@code reason} of the pruned archives. */
    public static final String PRUNED_BY_RETENTION = "retention";
    public static final String PRUNED_FOR_SPACE = "space";

    private final Map<String, Counter> pruned = new HashMap<>();

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
        for (String reason : List.of(PRUNED_BY_RETENTION, PRUNED_FOR_SPACE)) {
            pruned.put(reason, Counter.builder("ephemeral.ns.capture.archives.pruned")
                    .description("Capture archives removed: by janitor.capture.retention, or the oldest to make room")
                    .tag("reason", reason).register(registry));
        }
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

    /** Counts pruned archives, for {@link #PRUNED_BY_RETENTION} or {@link #PRUNED_FOR_SPACE}. */
    public void pruned(int count, String reason) {
        pruned.get(reason).increment(count);
    }

    /** The archives pruned so far for that reason. */
    public double prunedTotal(String reason) {
        return pruned.get(reason).count();
    }

    /** The count so far. */
    public double total(CaptureResult.Outcome outcome) {
        Counter counter = captures.get(outcome);
        return counter == null ? 0 : counter.count();
    }
}
