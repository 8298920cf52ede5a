package io.ephemeralns.common;

/**
 * What decided a namespace's expiry; also the {@code reason} tag of {@code ephemeral_ns_deletions_total}.
 */
public enum ExpiryBasis {
    /** the {@code expires-at} annotation an extension stamped ({@code extended-at} present). */
    EXTENDED("extended"),
    /** creation + the valid {@code ttl} label. */
    TTL("ttl"),
    /** the {@code expires-at} annotation the webhook stamped from {@code default-ttl}. */
    DEFAULT_TTL("default_ttl"),
    /** creation + {@code fallback-ttl}: the namespace has no valid TTL. */
    FALLBACK_TTL("fallback_ttl"),
    /** {@code keep=true} extended the expiry to kept-at + {@code keep-for}. */
    KEEP("keep_expired"),
    /** creation + {@code max-lifetime} capped the expiry. */
    MAX_LIFETIME("max_lifetime"),
    /** the {@code teardown-at} annotation: the namespace's pull request closed or its branch was deleted. */
    TEARDOWN("teardown"),
    /** no expiry: no creation time, or no TTL and no fallback. */
    NONE("none");

    private final String tag;

    ExpiryBasis(String tag) {
        this.tag = tag;
    }

    /** The metric tag and log value. */
    public String tag() {
        return tag;
    }
}
