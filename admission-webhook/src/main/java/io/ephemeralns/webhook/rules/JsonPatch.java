package io.ephemeralns.webhook.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal JSON Patch (RFC 6902) for setting entries of {@code metadata.labels} and {@code metadata.annotations}.
 *
 * <p>Only {@code add} is used: on an existing key it replaces, on a missing one it creates. A map that does
 * not exist yet (or is empty) is added whole, because adding {@code /metadata/labels/x} to a missing
 * {@code labels} fails on the API server. Keys are escaped as JSON Pointer tokens (RFC 6901): {@code ~} as
 * {@code ~0}, {@code /} as {@code ~1}, so {@code ephemeral-ns.io/expires-at} becomes
 * {@code ephemeral-ns.io~1expires-at}. Entries whose value is already the wanted one produce no operation,
 * so an unchanged object yields an empty patch.
 */
public final class JsonPatch {

    private JsonPatch() {
    }

    /**
     * Operations that make {@code metadata.<field>} contain every entry of {@code wanted}.
     *
     * @param metadataPresent whether the object has a {@code metadata} object at all
     * @param field           {@code labels} or {@code annotations}
     * @param current         the map as it is in the object, null when absent
     * @param wanted          entries to set
     */
    public static List<Map<String, Object>> setEntries(
            boolean metadataPresent, String field, Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> changes = new TreeMap<>();
        wanted.forEach((key, value) -> {
            if (current == null || !value.equals(current.get(key))) {
                changes.put(key, value);
            }
        });
        List<Map<String, Object>> ops = new ArrayList<>();
        if (changes.isEmpty()) {
            return ops;
        }
        if (!metadataPresent) {
            ops.add(add("/metadata", new LinkedHashMap<>()));
        }
        if (current == null || current.isEmpty()) {
            ops.add(add("/metadata/" + field, new LinkedHashMap<>(changes)));
            return ops;
        }
        changes.forEach((key, value) -> ops.add(add("/metadata/" + field + "/" + escape(key), value)));
        return ops;
    }

    /** Escapes one JSON Pointer reference token (RFC 6901): {@code ~} first, then {@code /}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Object> add(String path, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "add");
        op.put("path", path);
        op.put("value", value);
        return op;
    }
}
