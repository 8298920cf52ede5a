package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.List;
import java.util.Optional;

/**
 * Strict mode ({@code webhook.require-baseline}): a Pod may not be created in a CI namespace before its
 * isolation baseline is applied, so no pod ever runs without quota and network policy. Controllers retry
 * refused pods by themselves, and pipelines wait for {@code ephemeral-ns.io/baseline=applied}.
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

    /** The verdict; anything but a Pod CREATE is allowed. */
    public static Verdict decide(AdmissionInput in, Policy policy, ClusterView cluster) {
        if (!policy.requireBaseline() || !in.isCore("pods") || !"CREATE".equals(in.operation())
                || !in.subResource().isEmpty() || in.namespace().isEmpty()) {
            return Verdict.allow();
        }
        Optional<NamespaceView> namespace = cluster.namespace(in.namespace());
        if (namespace.isEmpty()) {
            return Verdict.allow(List.of("ephemeral-ns could not check the isolation baseline of namespace "
                    + in.namespace() + ": it is not known to the webhook's cache yet"));
        }
        NamespaceView ns = namespace.get();
        if (ns.isTerminating() || !CiScope.isCiNamespace(policy.settings(), ns.name(), ns.labels())
                || "applied".equals(ns.annotation(ProductKeys.BASELINE))) {
            return Verdict.allow();
        }
        return Verdict.deny(NOT_APPLIED + ": namespace " + ns.name() + " has no " + ProductKeys.BASELINE
                + "=applied annotation yet (its quota, limits and network policies are being applied)", List.of());
    }
}
