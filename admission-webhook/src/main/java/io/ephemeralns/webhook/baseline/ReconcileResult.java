package io.ephemeralns.webhook.baseline;

import java.util.Locale;

/** What one reconcile of a namespace did: the {@code result} tag of {@code ephemeral_ns_baseline_reconciles_total}. */
public enum ReconcileResult {
    /** Objects were created or repaired, or the namespace was marked. */
    APPLIED,
    /** Every object already equalled its profile and the namespace was marked: no API call. */
    UNCHANGED,
    /** The namespace asked for an unknown profile and got the default one. */
    UNKNOWN_PROFILE,
    /**
     * An image pull secret's source is missing or of a wrong type: the rest is applied, the namespace is not marked
     * (unless it was before), {@code ephemeral-ns.io/baseline-reason} says why; retried with backoff.
     */
    PULL_SECRET_MISSING,
    /** Not a CI namespace (any more), terminating, or gone. */
    SKIPPED,
    /** An API call failed; retried with backoff. */
    FAILED;

    /** The metric's tag value, e.g. {@code unknown_profile}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
