package io.ephemeralns.janitor.plan;

/** What happened to one planned deletion. */
public enum DeletionOutcome {
    /** the namespace was deleted (the API server accepted the delete). */
    DELETED,
    /** dry-run: it would have been deleted. */
    WOULD_DELETE,
    /** its pods are still terminating; the namespace goes in a later sweep. */
    DRAINING,
    /** already gone (404). */
    GONE,
    /** no longer due when read again (re-created, kept, relabelled, already terminating). */
    NO_LONGER_DUE,
    /** refused by the janitor itself: its clock is not trusted (see {@link ClockSkew}); counted, not attempted. */
    REFUSED,
    /** the API server refused or failed; logged and counted as a sweep error. */
    FAILED
}
