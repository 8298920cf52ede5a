package io.ephemeralns.common;

/**
 * The states of a CI namespace of the contract, reported as the {@code state} tag of
 * {@code ephemeral_ns_namespaces} and in the janitor's report.
 */
public enum NamespaceState {
    /** within its lifetime. */
    ACTIVE("active"),
    /** within its lifetime only because {@code keep=true} extended it. */
    KEPT("kept"),
    /** past its expiry and not yet being deleted: a leak if it stays. */
    EXPIRED("expired"),
    /** no valid TTL (neither label nor stamped default), not yet expired by fallback or cap. */
    NO_TTL("no_ttl"),
    /** being deleted ({@code deletionTimestamp} set). */
    TERMINATING("terminating"),
    /** terminating for longer than {@code stuck-after}. */
    STUCK("stuck");

    private final String tag;

    NamespaceState(String tag) {
        this.tag = tag;
    }

    /** The metric tag and JSON value. */
    public String tag() {
        return tag;
    }
}
