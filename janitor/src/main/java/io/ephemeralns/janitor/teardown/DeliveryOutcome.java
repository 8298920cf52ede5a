package io.ephemeralns.janitor.teardown;

/**
 * What became of a delivery: the {@code outcome} tag of {@code ephemeral_ns_teardown_deliveries_total} and the HTTP
 * status the forge sees (its delivery log shows the status and the one-line message).
 */
public enum DeliveryOutcome {
    /** authenticated ending; namespaces marked (202). */
    MARKED("marked", 202),
    /** authenticated ending; no namespace carries its labels, or all were marked already (202). */
    NO_MATCH("no_match", 202),
    /** authenticated event that ends nothing: a ping, an opened pull request, a push (202). */
    IGNORED("ignored", 202),
    /** no secret configured for this forge (404). */
    NOT_CONFIGURED("not_configured", 404),
    /** missing or wrong signature or token (401). */
    UNAUTHORIZED("unauthorized", 401),
    /** no event or delivery header, not JSON, or an event without its fields (400). */
    MALFORMED("malformed", 400),
    /** a delivery id already taken within the replay window (409). */
    REPLAYED("replayed", 409),
    /** a body over {@code janitor.teardown.max-body-bytes} (413). */
    TOO_LARGE("too_large", 413),
    /** this replica does not hold the janitor's Lease; redeliver (503). */
    NOT_LEADER("not_leader", 503),
    /** listing or patching namespaces failed; redeliver (500). */
    FAILED("failed", 500);

    private final String tag;
    private final int status;

    DeliveryOutcome(String tag, int status) {
        this.tag = tag;
        this.status = status;
    }

    /** The metric tag. */
    public String tag() {
        return tag;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
