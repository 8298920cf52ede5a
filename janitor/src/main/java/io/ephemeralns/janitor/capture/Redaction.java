package io.ephemeralns.janitor.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of a listed object goes into an archive. Secrets are asked for as metadata only, so their data never reaches
 * the janitor; a server that answers a metadata request with full objects (it may fall back to plain JSON) is met
 * here: every value of a Secret's {@code data} and {@code stringData} becomes {@value #REDACTED} (the keys stay:
 * which keys a Secret had helps debugging), and so does the annotation {@value #LAST_APPLIED}, which
 * {@code kubectl apply} fills with the whole object, data included. Every object loses {@code metadata.managedFields}
 * (bookkeeping of field owners, often half an object's size, of no use to a person debugging a run).
 */
public final class Redaction {

    /** What a redacted value reads. */
    public static final String REDACTED = "REDACTED";
    /** The annotation that holds a copy of an applied object, data included. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private Redaction() {
    }

    /**
     * A copy of a listed kind ({@code {"items": [...]}}, as JSON maps) fit for an archive: items tidied, and redacted
     * when {@code secrets} is true or an item says {@code kind: Secret}. The input is not changed.
     */
    public static Map<String, Object> forArchive(Map<?, ?> list, boolean secrets) {
        Map<String, Object> copy = copy(list);
        Object items = list.get("items");
        List<Object> kept = new ArrayList<>();
        if (items instanceof List<?> values) {
            for (Object item : values) {
                if (item instanceof Map<?, ?> object) {
                    kept.add(object(object, secrets || "Secret".equals(object.get("kind"))));
                }
            }
        }
        copy.put("items", kept);
        Object metadata = copy.get("metadata");
        if (metadata instanceof Map<?, ?> listMetadata) {
            Map<String, Object> trimmed = copy(listMetadata);
            trimmed.remove("continue");
            copy.put("metadata", trimmed);
        }
        return copy;
    }

    /** One object: tidied, and redacted when {@code secret}. */
    static Map<String, Object> object(Map<?, ?> object, boolean secret) {
        Map<String, Object> copy = copy(object);
        if (copy.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> tidied = copy(metadata);
            tidied.remove("managedFields");
            if (secret && tidied.get("annotations") instanceof Map<?, ?> annotations && annotations.containsKey(LAST_APPLIED)) {
                Map<String, Object> redacted = copy(annotations);
                redacted.put(LAST_APPLIED, REDACTED);
                tidied.put("annotations", redacted);
            }
            copy.put("metadata", tidied);
        }
        if (secret) {
            for (String field : List.of("data", "stringData")) {
                if (copy.get(field) instanceof Map<?, ?> values) {
                    Map<String, Object> redacted = new LinkedHashMap<>();
                    values.keySet().forEach(key -> redacted.put(String.valueOf(key), REDACTED));
                    copy.put(field, redacted);
                } else if (copy.containsKey(field)) {
                    copy.put(field, REDACTED);
                }
            }
        }
        return copy;
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
