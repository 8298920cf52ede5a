package io.ephemeralns.janitor.leftovers;

/**
 * Where a labelled object stands once its owner namespace is gone: the {@code state} label of
 * {@code ephemeral_ns_leftover_objects}. Objects whose owner still exists are not leftovers and have no state.
 */
public enum LeftoverState {
    /** Gone for less than {@code janitor.leftovers.grace}: waits. */
    GRACE("grace"),
    /** Past the grace: deleted now, or at a later listing when the per-sweep cap is reached or in dry-run. */
    DUE("due"),
    /**
     * Never deleted: the janitor cannot show the object was the namespace's (it never saw that namespace as an
     * admitted CI namespace, or the object is older than it: a label set afterwards, the confused deputy).
     */
    UNVERIFIED("unverified"),
    /** Never deleted: a protected or excluded object ({@link Protection}). */
    PROTECTED("protected");

    private final String tag;

    LeftoverState(String tag) {
        this.tag = tag;
    }

    /** The metric label value and report field. */
    public String tag() {
        return tag;
    }
}
