package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A Namespace CREATE or UPDATE, decoded once for the namespace rules.
 *
 * @param operation         {@link Operation#CREATE} or {@link Operation#UPDATE}
 * @param old               the namespace before an UPDATE; null at CREATE
 * @param object            the namespace as requested (after earlier mutations), its name filled from the request
 *                          when the object has none
 * @param requestedMetadata the requested object's {@code metadata} as sent, null when absent: a JSON Patch must know
 *                          whether {@code metadata}, {@code labels} and {@code annotations} exist
 * @param requester         who sent it
 */
public record NamespaceChange(Operation operation, NamespaceView old, NamespaceView object, ObjectMeta requestedMetadata,
        Requester requester) {

    /** True at CREATE: no old object, no creation time yet. */
    public boolean create() {
        return operation == Operation.CREATE;
    }
}
