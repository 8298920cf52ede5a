package io.ephemeralns.janitor.leftovers;

import java.util.Locale;

/**
 * Where a labelled object stands once its owner namespace is gone: the {@code state} label of
 * {@code ephemeral_ns_leftover_objects}. Objects whose owner still exists are not leftovers and have no state.
 */
public enum LeftoverState {
    /** Gone for less than {@code janitor.leftovers.grace}: waits. */
    GRACE,
    /** Past the grace: deleted now, or at a later listing when the per-sweep cap is reached or in dry-run. */
    DUE,
    /**
     * Never deleted: the janitor cannot show the object was the namespace's (it never saw that namespace as an
     * admitted CI namespace, or the object is older than it: a label set afterwards, the confused deputy).
     */
    UNVERIFIED,
    /** Never deleted: a protected or excluded object ({@link Protection}). */
    PROTECTED;

    /** The metric label value and report field: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
