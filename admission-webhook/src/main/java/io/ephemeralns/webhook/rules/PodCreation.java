package io.ephemeralns.webhook.rules;

/**
 * A Pod CREATE, decoded for the strict-mode rule: only where the pod goes (its spec is never read).
 *
 * @param namespace the namespace the pod is created in
 */
public record PodCreation(String namespace) {
}
