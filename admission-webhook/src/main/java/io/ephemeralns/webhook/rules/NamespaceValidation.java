package io.ephemeralns.webhook.rules;

import java.time.Instant;
import java.util.List;

/**
 * The validating rule for Namespace CREATE and UPDATE, also through the {@code status} and {@code finalize}
 * subresources (they can change labels too; {@link RoutingTable#validate} routes them here).
 *
 * <ul>
 *   <li>A namespace becomes a CI namespace only at its creation or within {@code ephemeral-ns.label-window} after it,
 *       unless the requester is exempt ({@link LabelWindow}).</li>
 *   <li>The product's keys: a non-exempt request may not set, change or remove an {@code ephemeral-ns.io/} label or
 *       annotation to anything but what the product computes ({@link ProductKeysRule}); the mutating webhook has
 *       already reset them, so this refuses only what mutation did not (a skipped webhook, a subresource).</li>
 *   <li>An extension request ({@code ephemeral-ns.io/extend}) that the mutating webhook could not grant is refused
 *       with the reason and what is accepted ({@link ExtensionRule}): a malformed or out-of-bounds duration, a
 *       namespace that is not an admitted, live CI namespace, a CREATE.</li>
 *   <li>A namespace that becomes a CI namespace (CREATE, or the UPDATE that labels it) needs a valid ttl within
 *       [min-ttl, max-ttl], unless default-ttl is configured and the label is absent; a ttl that is changed is
 *       checked the same way. This holds for everybody, administrators included: it is the product's promise.</li>
 *   <li>On UPDATE of a CI namespace, removing the ttl label or the selector's labels (leaving the janitor's scope) is
 *       denied, except for the exempt users (the product's service accounts, {@code system:masters}).</li>
 *   <li>{@code ephemeral-ns.io/profile} must name a known profile when it is chosen (at admission) or changed by an
 *       exempt user.</li>
 *   <li>Back-pressure (when max-namespaces &gt; 0): a new CI namespace is refused when that many exist; when the
 *       cache has not synced yet, it is allowed with a warning saying the limit was not checked.</li>
 *   <li>While a namespace terminates only the first three rules apply, and none refuses an update that changes no
 *       label or annotation (the namespace controller's), so namespace deletion never hangs on this webhook.</li>
 * </ul>
 * Each rule is a named check in {@link NamespaceChecks#ALL}; all are evaluated, and all violations are reported
 * together in one message, numbered when there are several, each naming the label, the value and an accepted example.
 */
public final class NamespaceValidation {

    private NamespaceValidation() {
    }

    /** The verdict for a namespace change at {@code now}. */
    public static Verdict decide(NamespaceChange change, Policy policy, ClusterView cluster, Instant now) {
        Findings found = Check.all(NamespaceChecks.ALL, NamespaceFacts.of(change, policy, cluster, now));
        List<String> violations = found.violations();
        if (violations.isEmpty()) {
            return Verdict.allow(found.warnings());
        }
        String name = change.object().name();
        StringBuilder message = new StringBuilder("namespace ")
                .append(name == null || name.isEmpty() ? "<generated>" : name).append(" refused by ephemeral-ns:");
        for (int i = 0; i < violations.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(violations.size() > 1 ? "(" + (i + 1) + ") " : "").append(violations.get(i));
        }
        return Verdict.deny(message.toString(), found.warnings());
    }
}
