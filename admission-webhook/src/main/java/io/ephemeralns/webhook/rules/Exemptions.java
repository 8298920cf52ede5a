package io.ephemeralns.webhook.rules;

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

    /** True when the requester's user, or one of its groups, is exempt. */
    public boolean covers(Requester requester) {
        return users.contains(requester.user()) || requester.groups().stream().anyMatch(groups::contains);
    }
}
