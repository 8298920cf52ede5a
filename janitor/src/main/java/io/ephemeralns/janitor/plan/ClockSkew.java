package io.ephemeralns.janitor.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How far the janitor's clock is from the API server's, and whether it may act on that: the pure part of the skew
 * check. Expiry compares timestamps the API server wrote ({@code creationTimestamp}, {@code deletionTimestamp})
 * with the janitor's clock, so a node clock running ahead deletes live namespaces early, and stuck repair strips
 * finalizers early.
 *
 * <p>The server's time comes from the {@code Date} header of an API response (RFC 1123, whole seconds: the server's
 * clock was somewhere in {@code [date, date + 1s)} when it answered); the janitor's is the middle of the request.
 * The skew is {@code janitor - server}, positive when the janitor's clock is ahead.
 *
 * @param skew  the measured skew, empty when it could not be measured
 * @param bound the largest skew at which the janitor still acts
 */
public record ClockSkew(Optional<Duration> skew, Duration bound) {

    /** Whether the janitor's clock can be trusted for time-based actions. */
    public enum Verdict {
        /** measured, within the bound. */
        TRUSTED,
        /** measured, beyond the bound (in either direction). */
        BEYOND_BOUND,
        /** not measured (no answer, or no {@code Date} header): not trusted either. */
        UNKNOWN
    }

    /** The skew of one exchange: sent and received on the janitor's clock, the server's {@code Date} header. */
    public static Optional<Duration> measure(Instant sent, Instant received, String dateHeader) {
        Optional<Instant> server = parseDate(dateHeader);
        if (server.isEmpty() || received.isBefore(sent)) {
            return Optional.empty();
        }
        Instant middle = sent.plus(Duration.between(sent, received).dividedBy(2));
        return Optional.of(Duration.between(server.get().plusMillis(500), middle));
    }

    /** The verdict: unknown and beyond-the-bound skews are not trusted. */
    public Verdict verdict() {
        if (skew.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        return skew.get().abs().compareTo(bound) > 0 ? Verdict.BEYOND_BOUND : Verdict.TRUSTED;
    }

    /** One line for logs: {@code +42s (bound 30s)} or {@code unknown}. */
    public String describe() {
        return skew.map(s -> (s.isNegative() ? "-" : "+") + s.abs().toMillis() / 1000.0 + "s").orElse("unknown")
                + " (bound " + bound.getSeconds() + "s)";
    }

    private static Optional<Instant> parseDate(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
