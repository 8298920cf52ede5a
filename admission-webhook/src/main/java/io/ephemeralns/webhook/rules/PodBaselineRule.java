package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.List;

/**
 * Strict mode ({@code webhook.require-baseline}): a Pod may not be created in a CI namespace before its
 * isolation baseline is applied, so no pod ever runs without quota and network policy. Controllers retry
 * refused pods by themselves, and pipelines wait for {@code ephemeral-ns.io/baseline=applied}. When the baseline waits
 * for something only an operator can fix (an image pull secret's source is missing), the denial quotes the
 * reconciler's {@code ephemeral-ns.io/baseline-reason}, which names it.
 *
 * <p>The namespace's state comes from the cache. The pod is refused only when the cache knows the namespace
 * is a CI namespace without {@code baseline=applied}; when it does not know the namespace (not synced yet, or
 * the namespace was created a moment ago) the pod is allowed with a warning: refusing would make every pod of
 * the cluster depend on this webhook's cache.
 */
public final class PodBaselineRule {

    /** The phrase clients see; the e2e suite and runbooks match on it. */
    public static final String NOT_APPLIED = "isolation baseline not applied yet, retry";

    private PodBaselineRule() {
    }

    /** The verdict for a pod being created; allowed whenever strict mode is off. */
    public static Verdict decide(PodCreation pod, Policy policy, ClusterView cluster) {
        if (!policy.requireBaseline()) {
            return Verdict.allow();
        }
        return CiNamespaceLookup.inActiveCiNamespace(pod.namespace(), policy, cluster, "ephemeral-ns could not check the"
                + " isolation baseline of namespace " + pod.namespace() + ": it is not known to the webhook's cache yet",
                ns -> BaselineMark.isApplied(ns) ? Verdict.allow()
                        : Verdict.deny(NOT_APPLIED + ": namespace " + ns.name() + " has no " + ProductKeys.BASELINE
                                + "=applied annotation yet (" + waitingFor(ns) + ")", List.of()));
    }

    /** What the baseline waits for: the reconciler's reason when it wrote one (a missing image pull secret). */
    private static String waitingFor(NamespaceView ns) {
        String reason = ns.annotations().get(ProductKeys.BASELINE_REASON);
        return reason == null || reason.isBlank() ? "its quota, limits and network policies are being applied"
                : "waiting: " + reason;
    }
}
