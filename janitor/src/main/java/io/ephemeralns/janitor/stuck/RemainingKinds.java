package io.ephemeralns.janitor.stuck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The kinds the namespace controller says still have objects, read from the message of the
 * {@code NamespaceContentRemaining} condition, e.g.
 * {@code Some resources are remaining: configmaps. has 1 resource instances, widgets.example.com has 2 resource instances}
 * ({@code configmaps.} is a core kind: the group after the dot is empty).
 */
final class RemainingKinds {

    private RemainingKinds() {
    }

    /** Pairs of {group, resource}. */
    static List<String[]> parse(List<NamespaceCondition> conditions) {
        Set<String> seen = new LinkedHashSet<>();
        for (NamespaceCondition condition : conditions) {
            if (!condition.holds() || !"NamespaceContentRemaining".equals(condition.type()) || condition.message() == null) {
                continue;
            }
            String message = condition.message();
            int colon = message.indexOf(':');
            for (String part : message.substring(colon + 1).split(",")) {
                int has = part.indexOf(" has ");
                if (has > 0) {
                    seen.add(part.substring(0, has).trim());
                }
            }
        }
        List<String[]> kinds = new ArrayList<>();
        for (String groupResource : seen) {
            int dot = groupResource.indexOf('.');
            String resource = dot < 0 ? groupResource : groupResource.substring(0, dot);
            String group = dot < 0 ? "" : groupResource.substring(dot + 1);
            if (!resource.isEmpty()) {
                kinds.add(new String[] {group, resource});
            }
        }
        return kinds;
    }
}
