package io.ephemeralns.janitor.stuck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the namespace controller says still remains in a terminating namespace, read from its conditions:
 * <ul>
 * <li>{@code NamespaceContentRemaining}: {@code Some resources are remaining: configmaps. has 1 resource instances,
 *     widgets.example.com has 2 resource instances} ({@code configmaps.} is a core kind: the group after the dot is
 *     empty);</li>
 * <li>{@code NamespaceFinalizersRemaining}: {@code Some content in the namespace has finalizers remaining:
 *     example.com/never in 1 resource instances}.</li>
 * </ul>
 * These are the messages of Kubernetes' namespace deleter ({@code pkg/controller/namespace/deletion}).
 */
public final class RemainingKinds {

    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private RemainingKinds() {
    }

    /** The kinds with remaining content, in the order of the message. */
    public static List<GroupResource> parse(List<NamespaceCondition> conditions) {
        List<GroupResource> kinds = new ArrayList<>();
        for (String groupResource : content(conditions).keySet()) {
            int dot = groupResource.indexOf('.');
            String resource = dot < 0 ? groupResource : groupResource.substring(0, dot);
            String group = dot < 0 ? "" : groupResource.substring(dot + 1);
            if (!resource.isEmpty()) {
                kinds.add(new GroupResource(group, resource));
            }
        }
        return kinds;
    }

    /** Remaining instances per group-resource ({@code configmaps.}, {@code widgets.example.com}). */
    static Map<String, Integer> content(List<NamespaceCondition> conditions) {
        return counts(conditions, CONTENT_REMAINING, " has ");
    }

    /** Remaining instances per finalizer. */
    static Map<String, Integer> finalizers(List<NamespaceCondition> conditions) {
        return counts(conditions, FINALIZERS_REMAINING, " in ");
    }

    private static Map<String, Integer> counts(List<NamespaceCondition> conditions, String type, String separator) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (NamespaceCondition condition : conditions) {
            if (!condition.holds() || !type.equals(condition.type()) || condition.message() == null) {
                continue;
            }
            String message = condition.message();
            int colon = message.indexOf(':');
            for (String part : message.substring(colon + 1).split(",")) {
                int at = part.lastIndexOf(separator);
                if (at > 0) {
                    String key = part.substring(0, at).trim();
                    String rest = part.substring(at + separator.length()).trim();
                    int space = rest.indexOf(' ');
                    try {
                        counts.merge(key, Integer.parseInt(space < 0 ? rest : rest.substring(0, space)), Integer::sum);
                    } catch (NumberFormatException e) {
                        counts.merge(key, 0, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
