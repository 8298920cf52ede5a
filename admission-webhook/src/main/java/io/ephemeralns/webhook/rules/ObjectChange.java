package io.ephemeralns.webhook.rules;

import java.util.Collections;
import java.util.Map;

/**
 * A request on an object in a namespace, decoded once for the baseline guard.
 *
 * @param operation  the operation
 * @param kind       the request's kind, or its resource when the kind is absent (for messages)
 * @param namespace  the namespace the object is in
 * @param name       the object's name: the request's, else the one in the object (new at CREATE, old otherwise)
 * @param oldLabels  the old object's labels (UPDATE and DELETE carry the old object); empty when absent
 * @param requester  who sent it
 */
public record ObjectChange(Operation operation, String kind, String namespace, String name, Map<String, String> oldLabels,
        Requester requester) {

    public ObjectChange {
        oldLabels = Collections.unmodifiableMap(oldLabels);
    }
}
