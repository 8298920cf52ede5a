package io.ephemeralns.common;

/**
 * A value that is not a TTL. The message names the value and the accepted forms, for example
 * {@code ttl "24H" is not valid: use digits followed by s, m, h, d or w, e.g. 90m, 24h, 1h30m, 7d}.
 */
public final class InvalidTtlException extends IllegalArgumentException {

    private final String value;

    InvalidTtlException(String value, String why) {
        super(message(value, why));
        this.value = value;
    }

    /** The rejected text, possibly null. */
    public String value() {
        return value;
    }

    private static String message(String value, String why) {
        String shown = value == null ? "(none)" : "\"" + value + "\"";
        return "ttl " + shown + " is not valid" + (why == null ? "" : " (" + why + ")") + ": " + Ttl.ACCEPTED;
    }
}
