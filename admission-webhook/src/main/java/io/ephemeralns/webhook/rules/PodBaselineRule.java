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
 * <p>The namespace's state comes from the cache ({@link CiNamespaceLookup}). A pod arrives here only from a namespace
 * labelled {@code ephemeral-ns.io/managed=true}; one the synced cache does not know as a CI namespace yet (labelled a
 * moment ago) is refused with the same "retry" phrase, so that creating a pod right after labelling never slips
 * through. Before the cache's first listing the pod is allowed with a warning.
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
                + " isolation baseline of namespace " + pod.namespace() + ": the webhook's cache has not listed the"
                + " namespaces yet", Verdict.deny(NOT_APPLIED + ": namespace " + pod.namespace() + " became a CI namespace"
                        + " a moment ago and ephemeral-ns has not seen it yet", List.of()),
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
