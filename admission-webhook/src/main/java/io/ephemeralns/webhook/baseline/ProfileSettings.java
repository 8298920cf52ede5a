package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.config.JanitorAccess;
import java.util.Optional;

/**
 * The values the profiles' placeholders stand for, besides the namespace, and how the janitor's access is planned.
 * Fixed at start-up from the settings (the chart passes them; see {@link BaselineProfiles} for the placeholders).
 *
 * @param productNamespace      the product's namespace ({@code ephemeral-ns.own-namespace}), where the janitor's
 *                              ServiceAccount lives; when unknown, the janitor's access is {@link JanitorAccess#OFF}
 * @param janitorServiceAccount the janitor's ServiceAccount ({@code webhook.janitor-service-account})
 * @param janitorClusterRole    the ClusterRole the janitor is bound to in CI namespaces ({@code webhook.janitor-cluster-role})
 * @param janitorAccess         {@code webhook.janitor-access}
 */
public record ProfileSettings(Optional<String> productNamespace, String janitorServiceAccount, String janitorClusterRole,
        JanitorAccess janitorAccess) {

    /** The chart's names: ServiceAccount {@code ephemeral-ns-janitor}, ClusterRole {@code ephemeral-ns-janitor-in-ci-namespaces}. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "ephemeral-ns-janitor";
    /** See {@link #DEFAULT_SERVICE_ACCOUNT}. */
    public static final String DEFAULT_CLUSTER_ROLE = "ephemeral-ns-janitor-in-ci-namespaces";

    /** The defaults, for a product namespace. */
    public static ProfileSettings defaults(Optional<String> productNamespace) {
        return new ProfileSettings(productNamespace, DEFAULT_SERVICE_ACCOUNT, DEFAULT_CLUSTER_ROLE, JanitorAccess.FINALIZER);
    }

    /** The access actually planned: {@link JanitorAccess#OFF} when the product's namespace is unknown. */
    public JanitorAccess effectiveJanitorAccess() {
        return productNamespace.isPresent() ? janitorAccess : JanitorAccess.OFF;
    }
}
