package io.ephemeralns.janitor.stuck;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;

/**
 * A condition the namespace controller reports on a terminating namespace, such as
 * {@code NamespaceFinalizersRemaining} or {@code NamespaceDeletionDiscoveryFailure}.
 */
public record NamespaceCondition(String type, String status, String reason, String message) {

    /** True when the condition holds. */
    public boolean holds() {
        return "True".equals(status);
    }

    /** The conditions of a namespace's status; empty when it has none. */
    public static List<NamespaceCondition> of(Namespace namespace) {
        return namespace.getStatus() == null || namespace.getStatus().getConditions() == null ? List.of()
                : namespace.getStatus().getConditions().stream()
                        .map(c -> new NamespaceCondition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
                        .toList();
    }
}
