package io.ephemeralns.common;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the decisions need to know of a namespace, detached from the API object so that tests can state
 * it in one line. Maps are never null; timestamps are empty when absent or unreadable.
 *
 * @param resourceVersion the object's resourceVersion when read, null when unknown: no decision reads it; it only
 *                        tells whether a namespace changed since an earlier read (every write moves it, status
 *                        conditions included)
 */
public record NamespaceView(
        String name,
        String uid,
        Optional<Instant> created,
        Optional<Instant> deleting,
        Map<String, String> labels,
        Map<String, String> annotations,
        String resourceVersion) {

    public NamespaceView {
        labels = withoutNulls(labels);
        annotations = withoutNulls(annotations);
        created = created == null ? Optional.empty() : created;
        deleting = deleting == null ? Optional.empty() : deleting;
    }

    /** A view whose resourceVersion is unknown (tests, and requests that carry none). */
    public NamespaceView(String name, String uid, Optional<Instant> created, Optional<Instant> deleting,
            Map<String, String> labels, Map<String, String> annotations) {
        this(name, uid, created, deleting, labels, annotations, null);
    }

    /** Reads the fields of a fabric8 {@link Namespace}. */
    public static NamespaceView of(Namespace namespace) {
        ObjectMeta meta = namespace.getMetadata() == null ? new ObjectMeta() : namespace.getMetadata();
        return new NamespaceView(
                meta.getName(),
                meta.getUid(),
                Timestamps.parse(meta.getCreationTimestamp()),
                Timestamps.parse(meta.getDeletionTimestamp()),
                meta.getLabels(),
                meta.getAnnotations(),
                meta.getResourceVersion());
    }

    /** The value of a label, or null. */
    public String label(String key) {
        return labels.get(key);
    }

    /** The value of an annotation, or null. */
    public String annotation(String key) {
        return annotations.get(key);
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, String> copy = new java.util.HashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return Map.copyOf(copy);
    }

    /** True once the API server has accepted a delete ({@code deletionTimestamp} set). */
    public boolean isTerminating() {
        return deleting.isPresent();
    }
}
