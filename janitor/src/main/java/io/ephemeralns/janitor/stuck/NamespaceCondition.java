package io.ephemeralns.janitor.stuck;

/**
 * A condition the namespace controller reports on a terminating namespace, such as
 * {@code NamespaceFinalizersRemaining} or {@code NamespaceDeletionDiscoveryFailure}.
 */
public record NamespaceCondition(String type, String status, String reason, String message) {

    /** True when the condition holds. */
    public boolean holds() {
        return "True".equals(status);
    }
}
