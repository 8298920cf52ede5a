package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Policy;
import io.ephemeralns.webhook.rules.RoutingTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The two webhooks, each a routing table of pure rules built once from the configured {@link Policy}:
 * both read the namespace cache only through {@link ClusterView} ({@code /mutate} for the owner label of cluster-scoped
 * objects), never the API server, so admission has no side effects and no I/O.
 */
@Singleton
public class Webhooks {

    private final AdmissionHandler mutate;
    private final AdmissionHandler validate;

    @Inject
    public Webhooks(Policy policy, ClusterView cluster) {
        mutate = RoutingTable.mutate(policy.settings(), policy.exemptions(), cluster)::decide;
        validate = RoutingTable.validate(policy, cluster)::decide;
    }

    /** {@code POST /mutate}. */
    public AdmissionHandler mutate() {
        return mutate;
    }

    /** {@code POST /validate}. */
    public AdmissionHandler validate() {
        return validate;
    }
}
