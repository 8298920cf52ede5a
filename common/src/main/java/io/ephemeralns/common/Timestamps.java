package io.ephemeralns.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** RFC 3339 instants as Kubernetes writes them: parsed leniently, printed as UTC whole seconds. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Parses an RFC 3339 timestamp ({@code 2026-11-26T10:00:00Z}, offsets allowed), empty if absent or invalid. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Prints an instant as RFC 3339 UTC with whole seconds, e.g. {@code 2026-11-26T10:00:00Z}. */
    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
