package io.ephemeralns.webhook.baseline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a live baseline object equals its profile's desired object, and what differs. Pure: both objects are
 * JSON-like maps (the desired one from the profile, the live one as the API server returned it).
 *
 * <p>"Equal" is exact, because a baseline object that keeps foreign fields is no baseline (a default-deny policy
 * with {@code ingress: [{}]} allows everything; a quota with a {@code scopeSelector} matching nothing limits
 * nothing), whoever owns those fields in managedFields:
 * <ul>
 *   <li>every top-level field except {@code apiVersion}, {@code kind}, {@code metadata} and {@code status}
 *       ({@code spec}, {@code data}, {@code roleRef}, {@code subjects}, ...) is equal, a field present on one side
 *       only is a difference;</li>
 *   <li>{@code metadata.labels}, {@code metadata.annotations}, {@code metadata.finalizers} and
 *       {@code metadata.ownerReferences} are equal: the profile's are present with the same values, and foreign
 *       ones are differences too (so the reconciler removes them). An absent map or list equals an empty one.</li>
 * </ul>
 * Scalars compare by value: a number equals the string of the same number ({@code pods: 20} and {@code "20"}), as
 * the API server turns one into the other. Server-side defaulting is not modelled: a profile must spell out the
 * fields the API server would default (the shipped profile does), otherwise the object differs after every write;
 * the reconciler logs that case ({@link BaselineReconciler}).
 *
 * <p>Some fields cannot be changed by an update ({@link #IMMUTABLE}, e.g. a RoleBinding's {@code roleRef}, a
 * ResourceQuota's {@code spec.scopes});
 * when one of those differs, the object has to be deleted and created again ({@link #needsRecreate}).
 */
public final class BaselineComparison {

    /** Metadata fields compared exactly; everything else in metadata belongs to the API server. */
    static final List<String> METADATA_FIELDS = List.of("labels", "annotations", "finalizers", "ownerReferences");
    /** Top-level fields never compared. */
    static final Set<String> IGNORED_FIELDS = Set.of("apiVersion", "kind", "metadata", "status");
    /**
     * Fields an update cannot change, by kind, as dotted paths (the API server refuses the update): a binding's
     * {@code roleRef}, a quota's {@code spec.scopes} (Kubernetes' ValidateResourceQuotaUpdate), a Secret's
     * {@code type} (ValidateSecretUpdate: an image pull secret's copy over a look-alike of another type).
     */
    static final Map<String, List<String>> IMMUTABLE = Map.of(
            "RoleBinding", List.of("roleRef"),
            "ClusterRoleBinding", List.of("roleRef"),
            "ResourceQuota", List.of("spec.scopes"),
            "Secret", List.of("type"));

    private BaselineComparison() {
    }

    /** True when the live object equals the desired one as described above. */
    public static boolean equal(Map<String, Object> desired, Map<String, Object> live) {
        return differences(desired, live).isEmpty();
    }

    /** The paths that differ ({@code spec}, {@code metadata.labels}, ...), in a stable order; empty when equal. */
    public static List<String> differences(Map<String, Object> desired, Map<String, Object> live) {
        List<String> result = new ArrayList<>();
        Set<String> fields = new TreeSet<>(desired.keySet());
        fields.addAll(live.keySet());
        fields.removeAll(IGNORED_FIELDS);
        for (String field : fields) {
            if (!sameValue(desired.get(field), live.get(field))) {
                result.add(field);
            }
        }
        Map<?, ?> desiredMeta = map(desired.get("metadata"));
        Map<?, ?> liveMeta = map(live.get("metadata"));
        for (String field : METADATA_FIELDS) {
            if (!sameValue(emptyToNull(desiredMeta.get(field)), emptyToNull(liveMeta.get(field)))) {
                result.add("metadata." + field);
            }
        }
        return result;
    }

    /** True when a field that an update cannot change differs, so that only delete and create can repair it. */
    public static boolean needsRecreate(Map<String, Object> desired, Map<String, Object> live) {
        Object kind = desired.get("kind");
        for (String path : IMMUTABLE.getOrDefault(kind instanceof String text ? text : "", List.of())) {
            if (!sameValue(emptyToNull(at(desired, path)), emptyToNull(at(live, path)))) {
                return true;
            }
        }
        return false;
    }

    private static Object at(Map<String, Object> object, String path) {
        Object value = object;
        for (String key : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return value;
    }

    /** Deep equality of JSON-like values, with absent and null alike and scalars compared by value. */
    static boolean sameValue(Object a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            Set<Object> keys = new java.util.HashSet<>(left.keySet());
            keys.addAll(right.keySet());
            for (Object key : keys) {
                if (!sameValue(left.get(key), right.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!sameValue(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> || b instanceof Map<?, ?> || a instanceof Collection<?> || b instanceof Collection<?>) {
            return false;
        }
        return scalar(a).equals(scalar(b));
    }

    private static String scalar(Object value) {
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return number.toString();
            }
        }
        if (value instanceof String text && text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private static Object emptyToNull(Object value) {
        if (value instanceof Map<?, ?> map && map.isEmpty() || value instanceof Collection<?> list && list.isEmpty()) {
            return null;
        }
        return value;
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }
}
