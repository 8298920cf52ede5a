package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceStatus;

/**
 * A planned deletion of an expired CI namespace.
 *
 * @param status the namespace as classified when the plan was made (its UID guards the delete)
 * @param reason the {@code reason} tag: which rule made it expire (see {@link io.ephemeralns.common.ExpiryBasis})
 */
public record Deletion(NamespaceStatus status, String reason) {

    /** The namespace's name. */
    public String name() {
        return status.namespace().name();
    }

    /** The namespace's UID at planning time. */
    public String uid() {
        return status.namespace().uid();
    }
}
