package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.NamespaceView;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules about objects inside a namespace (the baseline guard, strict mode) apply only in a CI namespace that is not
 * terminating, as the namespace cache knows it. When the cache does not know the namespace (not synced, or created a
 * moment ago) the request is allowed with a warning: refusing would make every such request, a namespace deletion's
 * included, depend on this webhook's cache.
 */
final class CiNamespaceLookup {

    private CiNamespaceLookup() {
    }

    /**
     * {@code rule}'s verdict when {@code namespace} is a known CI namespace that is not terminating; allowed when it is
     * known and is not; allowed with {@code unknownWarning} when the cache does not know it.
     */
    static Verdict inActiveCiNamespace(String namespace, Policy policy, ClusterView cluster, String unknownWarning,
            Function<NamespaceView, Verdict> rule) {
        Optional<NamespaceView> known = cluster.namespace(namespace);
        if (known.isEmpty()) {
            return Verdict.allow(List.of(unknownWarning));
        }
        return ActiveCiNamespace.is(policy.settings(), known.get()) ? rule.apply(known.get()) : Verdict.allow();
    }
}
