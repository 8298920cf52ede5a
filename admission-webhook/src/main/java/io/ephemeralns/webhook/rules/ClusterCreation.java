package io.ephemeralns.webhook.rules;

import java.util.Map;

/**
 * A CREATE of a cluster-scoped object, as the owner-label rule reads it.
 *
 * @param kind            the object's kind
 * @param name            its name
 * @param metadataPresent whether the object has a {@code metadata} object at all
 * @param labels          its labels as sent, null when absent
 * @param requester       who creates it
 */
public record ClusterCreation(String kind, String name, boolean metadataPresent, Map<String, String> labels,
        Requester requester) {
}
