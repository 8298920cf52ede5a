package io.ephemeralns.common;

import java.time.Duration;
import java.util.Optional;

/**
 * The TTL grammar of the contract: one or more {@code <digits><unit>} with unit one of {@code s m h d w},
 * lowercase, no spaces ({@code 90s}, {@code 45m}, {@code 1h30m}, {@code 7d}, {@code 2w}). Zero is not a TTL.
 *
 * <p>The same grammar is used for pipeline labels and for every duration setting of both programs, so a
 * value that works in one place works in all of them. {@link #format(Duration)} prints a duration in the
 * canonical form that {@link #parse(String)} reads back ({@code format(parse(x))} is stable).
 */
public final class Ttl {

    /** The accepted forms, quoted in every error message so a user can fix the value at once. */
    public static final String ACCEPTED = "use digits followed by s, m, h, d or w, e.g. 90m, 24h, 1h30m, 7d";

    /** Long enough for any real TTL, short enough that {@code Instant} arithmetic cannot overflow. */
    static final Duration LONGEST = Duration.ofDays(365L * 1000);

    private Ttl() {
    }

    /**
     * Parses a TTL.
     *
     * @throws InvalidTtlException naming the value and the accepted forms when it is not a positive TTL
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidTtlException(text, "it is empty");
        }
        long seconds = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i == n) {
                throw new InvalidTtlException(text, null);
            }
            long unit = unitSeconds(text.charAt(i));
            if (unit == 0) {
                throw new InvalidTtlException(text, null);
            }
            i++;
            String digits = text.substring(start, i - 1);
            if (digits.length() > 12) {
                throw new InvalidTtlException(text, "it is too long");
            }
            seconds += Long.parseLong(digits) * unit;
            if (seconds > LONGEST.getSeconds()) {
                throw new InvalidTtlException(text, "it is too long");
            }
        }
        if (seconds == 0) {
            throw new InvalidTtlException(text, "it is zero");
        }
        return Duration.ofSeconds(seconds);
    }

    /** Parses a TTL, or empty when the text is absent or not a valid TTL. */
    public static Optional<Duration> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InvalidTtlException e) {
            return Optional.empty();
        }
    }

    /**
     * Prints a positive duration in canonical form, largest unit first, sub-second part dropped:
     * {@code 5400s} prints as {@code 1h30m}, {@code 14d} as {@code 2w}.
     */
    public static String format(Duration duration) {
        long rest = duration.getSeconds();
        if (rest <= 0) {
            throw new IllegalArgumentException("a TTL is positive, got " + duration);
        }
        StringBuilder out = new StringBuilder();
        for (char unit : new char[] {'w', 'd', 'h', 'm', 's'}) {
            long size = unitSeconds(unit);
            if (rest >= size) {
                out.append(rest / size).append(unit);
                rest %= size;
            }
        }
        return out.toString();
    }

    private static long unitSeconds(char unit) {
        return switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3_600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 0;
        };
    }
}
