package io.ephemeralns.webhook.rules;

import java.util.List;
import java.util.Set;

/**
 * Who may change what the rules otherwise protect: the product's own service accounts (the janitor must be
 * able to relabel and delete, the reconciler must be able to re-apply) and cluster administrators.
 *
 * @param users  exact usernames, e.g. {@code system:serviceaccount:ephemeral-ns:ephemeral-ns-janitor}
 * @param groups groups whose members are exempt, e.g. {@code system:masters}
 */
public record Exemptions(Set<String> users, Set<String> groups) {

    /** The namespace controller deletes a terminating namespace's contents, baseline objects included. */
    public static final String NAMESPACE_CONTROLLER = "system:serviceaccount:kube-system:namespace-controller";

    public Exemptions {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    /** True when the user, or one of the groups, is exempt. */
    public boolean covers(String user, List<String> userGroups) {
        if (user != null && users.contains(user)) {
            return true;
        }
        return userGroups != null && userGroups.stream().anyMatch(groups::contains);
    }
}
