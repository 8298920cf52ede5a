package io.ephemeralns.janitor.teardown;

import java.util.Locale;

/**
 * What became of a delivery: the {@code outcome} tag of {@code ephemeral_ns_teardown_deliveries_total} and the HTTP
 * status the forge sees (its delivery log shows the status and the one-line message).
 */
public enum DeliveryOutcome {
    /** authenticated ending; namespaces marked (202). */
    MARKED(202),
    /** authenticated ending; no namespace carries its labels, or all were marked already (202). */
    NO_MATCH(202),
    /** authenticated event that ends nothing: a ping, an opened pull request, a push (202). */
    IGNORED(202),
    /** no secret configured for this forge (404). */
    NOT_CONFIGURED(404),
    /** missing or wrong signature or token (401). */
    UNAUTHORIZED(401),
    /** no event or delivery header, not JSON, or an event without its fields (400). */
    MALFORMED(400),
    /** a delivery id already taken within the replay window (409). */
    REPLAYED(409),
    /** a body over {@code janitor.teardown.max-body-bytes} (413). */
    TOO_LARGE(413),
    /** this replica does not hold the janitor's Lease; redeliver (503). */
    NOT_LEADER(503),
    /** listing or patching namespaces failed; redeliver (500). */
    FAILED(500);

    private final int status;

    DeliveryOutcome(int status) {
        this.status = status;
    }

    /** The metric tag: the name in lower case ({@code no_match}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
