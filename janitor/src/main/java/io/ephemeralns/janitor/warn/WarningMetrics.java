package io.ephemeralns.janitor.warn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code ephemeral_ns_warnings_total{channel, outcome}}: warnings before deletion by channel ({@code event},
 * {@code annotation}, {@code webhook}) and outcome ({@code sent}, {@code failed}, {@code dropped}: the bounded
 * queue was full; {@code dry_run}). Every combination is registered at zero, so an alert on failures sees the series
 * from the start.
 */
public class WarningMetrics {

    /** Where a warning goes. */
    public enum Channel { EVENT, ANNOTATION, WEBHOOK }

    /** What became of it. */
    public enum Outcome { SENT, FAILED, DROPPED, DRY_RUN }

    private final Counter[][] counters = new Counter[Channel.values().length][Outcome.values().length];

    public WarningMetrics(MeterRegistry registry) {
        for (Channel channel : Channel.values()) {
            for (Outcome outcome : Outcome.values()) {
                counters[channel.ordinal()][outcome.ordinal()] = Counter.builder("ephemeral.ns.warnings")
                        .description("Warnings before deletion, by channel and outcome")
                        .tag("channel", tag(channel))
                        .tag("outcome", tag(outcome))
                        .register(registry);
            }
        }
    }

    /** Counts one warning on one channel. */
    public void count(Channel channel, Outcome outcome) {
        counters[channel.ordinal()][outcome.ordinal()].increment();
    }

    /** The count so far. */
    public double total(Channel channel, Outcome outcome) {
        return counters[channel.ordinal()][outcome.ordinal()].count();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
