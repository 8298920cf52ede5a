package io.ephemeralns.webhook.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal JSON Patch (RFC 6902) for setting and removing entries of {@code metadata.labels} and
 * {@code metadata.annotations}.
 *
 * <p>{@code add} sets: on an existing key it replaces, on a missing one it creates; {@code remove} deletes a key
 * that exists. A map that does
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

    /**
     * Operations that make the entries of {@code metadata.<field>} under {@code prefix} exactly {@code wanted}: entries
     * of {@code wanted} are set, other entries under the prefix are removed, entries outside it are left alone.
     *
     * @param metadataPresent whether the object has a {@code metadata} object at all
     * @param field           {@code labels} or {@code annotations}
     * @param current         the map as it is in the object, null when absent
     * @param wanted          every entry under the prefix the map must hold
     */
    public static List<Map<String, Object>> syncEntries(
            boolean metadataPresent, String field, Map<String, String> current, String prefix, Map<String, String> wanted) {
        List<Map<String, Object>> ops = setEntries(metadataPresent, field, current, wanted);
        if (current != null) {
            new TreeMap<>(current).keySet().stream()
                    .filter(key -> key.startsWith(prefix) && !wanted.containsKey(key))
                    .forEach(key -> ops.add(remove("/metadata/" + field + "/" + escape(key))));
        }
        return ops;
    }

    /** Escapes one JSON Pointer reference token (RFC 6901): {@code ~} first, then {@code /}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Object> remove(String path) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "remove");
        op.put("path", path);
        return op;
    }

    private static Map<String, Object> add(String path, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "add");
        op.put("path", path);
        op.put("value", value);
        return op;
    }
}
