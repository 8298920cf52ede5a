package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.NamespaceView;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules about objects inside a namespace (the baseline guard, strict mode) apply only in a CI namespace that is not
 * terminating, as the namespace cache knows it.
 *
 * <p>Their webhook configurations send them requests only from namespaces labelled
 * {@code ephemeral-ns.io/managed=true} (the chart's {@code namespaceSelector}, which the API server evaluates on its own,
 * fresher view). So once the cache has synced, a request from a namespace it does not know as a CI namespace means the
 * cache lags behind the API server: the namespace was labelled a moment ago (a pipeline's {@code kubectl label} followed
 * at once by a {@code kubectl run}), and the rule would otherwise wave through exactly what it exists to stop. Such a
 * request gets {@code lagging}, a denial that says to retry; the cache catches up within a second. Before the cache
 * has synced (the webhook's start-up) the request is allowed with a warning instead: refusing would make every such
 * request depend on the cache's first listing. A terminating namespace is let alone (the API server refuses creations
 * there, and the namespace controller empties it).
 */
final class CiNamespaceLookup {

    private CiNamespaceLookup() {
    }

    /**
     * {@code rule}'s verdict when {@code namespace} is a known CI namespace that is not terminating; allowed when it is
     * known and terminating; {@code lagging} when the synced cache does not know it as a CI namespace; allowed with
     * {@code unsyncedWarning} before the cache has synced.
     */
    static Verdict inActiveCiNamespace(String namespace, Policy policy, ClusterView cluster, String unsyncedWarning,
            Verdict lagging, Function<NamespaceView, Verdict> rule) {
        Optional<NamespaceView> known = cluster.namespace(namespace);
        if (known.isPresent() && ActiveCiNamespace.is(policy.settings(), known.get())) {
            return rule.apply(known.get());
        }
        if (known.isPresent() && known.get().isTerminating()) {
            return Verdict.allow();
        }
        return cluster.synced() ? lagging : Verdict.allow(List.of(unsyncedWarning));
    }
}
