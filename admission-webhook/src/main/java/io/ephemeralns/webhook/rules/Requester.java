package io.ephemeralns.webhook.rules;

import java.util.List;

/**
 * Who sent a request: the username and groups of the request's {@code userInfo}, empty when absent.
 *
 * @param user   the username, e.g. {@code system:serviceaccount:ephemeral-ns:ephemeral-ns-janitor}
 * @param groups the groups, e.g. {@code system:masters}
 */
public record Requester(String user, List<String> groups) {

    public Requester {
        user = user == null ? "" : user;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
