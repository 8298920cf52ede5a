package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.Timestamps;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a namespace's {@code metadata} as the API server sends it ({@code PartialObjectMetadata}, or the metadata of
 * a full object from a server that ignores the {@code Accept} header) into the {@link NamespaceView} the decisions
 * need. Only name, UID, timestamps, labels, annotations and the resourceVersion are kept: managedFields, owner
 * references and the rest are dropped here, so that what is cached is small.
 */
final class NamespaceMetadata {

    private NamespaceMetadata() {
    }

    /** The view of one namespace's metadata. */
    static NamespaceView view(Map<?, ?> metadata) {
        return new NamespaceView(text(metadata, "name"), text(metadata, "uid"),
                Timestamps.parse(text(metadata, "creationTimestamp")), Timestamps.parse(text(metadata, "deletionTimestamp")),
                strings(metadata.get("labels")), strings(metadata.get("annotations")), text(metadata, "resourceVersion"));
    }

    /** The {@code resourceVersion} of an object's or a list's metadata, or null. */
    static String resourceVersion(Object metadata) {
        return metadata instanceof Map<?, ?> map ? text(map, "resourceVersion") : null;
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String value ? value : null;
    }

    private static Map<String, String> strings(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> strings = new HashMap<>();
        map.forEach((key, text) -> {
            if (key instanceof String name && text instanceof String string) {
                strings.put(name, string);
            }
        });
        return strings;
    }
}
