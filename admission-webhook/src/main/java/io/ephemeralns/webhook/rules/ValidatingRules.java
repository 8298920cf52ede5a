package io.ephemeralns.webhook.rules;

import java.time.Instant;

/**
 * Routes a request of the validating endpoint to its rule: namespaces (all subresources) to
 * {@link NamespaceValidation}, Pod CREATE to {@link PodBaselineRule}, every other request to the
 * {@link BaselineGuard} (UPDATE and DELETE of baseline objects, CREATE under a reserved name). Anything else is
 * allowed unchanged.
 */
public final class ValidatingRules {

    private ValidatingRules() {
    }

    /** The verdict of the rule in charge, at {@code now}. */
    public static Verdict decide(AdmissionInput in, Policy policy, ClusterView cluster, Instant now) {
        if (in.isCore("namespaces")) {
            return NamespaceValidation.decide(in, policy, cluster, now);
        }
        if (in.isCore("pods") && "CREATE".equals(in.operation())) {
            return PodBaselineRule.decide(in, policy, cluster);
        }
        return BaselineGuard.decide(in, policy, cluster);
    }
}
