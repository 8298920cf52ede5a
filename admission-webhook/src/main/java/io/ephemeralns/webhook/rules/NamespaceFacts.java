package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the namespace checks read about one change, derived once so that each check stays a few lines.
 *
 * @param change  the request
 * @param exempt  whether the requester is exempt ({@link Exemptions})
 * @param isCi    whether the namespace is a CI namespace after the request, judged by {@link #scopeLabels}
 * @param wasCi   whether it was one before (false at CREATE)
 * @param policy  the configured policy
 * @param cluster what the namespace cache knows
 * @param now     the instant of the decision
 */
public record NamespaceFacts(NamespaceChange change, boolean exempt, boolean isCi, boolean wasCi, Policy policy,
        ClusterView cluster, Instant now) {

    /** The facts of a change. */
    public static NamespaceFacts of(NamespaceChange change, Policy policy, ClusterView cluster, Instant now) {
        CiSettings settings = policy.settings();
        boolean exempt = policy.exemptions().covers(change.requester());
        NamespaceView old = change.old();
        NamespaceView object = change.object();
        boolean isCi = CiScope.isCiNamespace(settings, object.name(), scopeLabels(old, object, exempt));
        boolean wasCi = old != null && CiScope.isCiNamespace(settings, old.name(), old.labels());
        return new NamespaceFacts(change, exempt, isCi, wasCi, policy, cluster, now);
    }

    public NamespaceView old() {
        return change.old();
    }

    public NamespaceView object() {
        return change.object();
    }

    public CiSettings settings() {
        return policy.settings();
    }

    /** True when this request makes the namespace a CI namespace: CREATE, or the UPDATE that admits it. */
    public boolean becomesCi() {
        return isCi && (old() == null || !CiScope.isManaged(old().labels()));
    }

    /**
     * True when the rules of a CI namespace's labels (ttl, selector, profile, back-pressure) apply: it is or was a CI
     * namespace, and it is not terminating (so namespace deletion never waits on them).
     */
    public boolean ciRulesApply() {
        return (old() == null || !old().isTerminating()) && (isCi || wasCi);
    }

    /**
     * The labels that decide whether the namespace is a CI namespace after the request: for a non-exempt requester
     * its own labels plus the product labels of the old object (a {@code managed=true} the requester added does not
     * count, it is refused by the product-keys check); for an exempt one the labels as requested.
     */
    static Map<String, String> scopeLabels(NamespaceView old, NamespaceView object, boolean exempt) {
        if (exempt) {
            return object.labels();
        }
        Map<String, String> labels = new HashMap<>(object.labels());
        labels.keySet().removeIf(ProductKeys::isProductKey);
        if (old != null) {
            labels.putAll(ProductKeysRule.productEntries(old.labels()));
        }
        return labels;
    }
}
