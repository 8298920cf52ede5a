package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stamps {@code ephemeral-ns.io/owner-namespace=<namespace>} on a cluster-scoped object that a ServiceAccount of an
 * admitted CI namespace creates without it ({@code system:serviceaccount:<namespace>:<name>}), so that the janitor
 * deletes it once that namespace is gone (janitor.leftovers). Safe because it names only the requester's own namespace,
 * which the request proves, and only one the product admitted ({@code ephemeral-ns.io/managed=true}, not protected, not
 * terminating, as the namespace cache sees it). Everything else is allowed unchanged: another requester, an object
 * that already carries the label (the chart's admission policy judges it), a namespace the cache does not know.
 * The chart registers this with failurePolicy Ignore: an outage only leaves objects unlabelled, never blocks them.
 */
public final class OwnerNamespaceStamp {

    static final String SERVICE_ACCOUNT = "system:serviceaccount:";

    private OwnerNamespaceStamp() {
    }

    /** The verdict on one creation. */
    public static Verdict decide(ClusterCreation creation, CiSettings settings, ClusterView cluster) {
        Optional<String> namespace = serviceAccountNamespace(creation.requester().user());
        if (namespace.isEmpty() || (creation.labels() != null && creation.labels().containsKey(ProductKeys.OWNER_NAMESPACE))) {
            return Verdict.allow();
        }
        Optional<NamespaceView> seen = cluster.namespace(namespace.get());
        if (seen.isEmpty() || seen.get().isTerminating() || CiScope.isProtected(settings, seen.get().name())
                || !CiScope.isManaged(seen.get().labels())) {
            return Verdict.allow();
        }
        return Verdict.patch(JsonPatch.setEntries(creation.metadataPresent(), "labels", creation.labels(),
                Map.of(ProductKeys.OWNER_NAMESPACE, namespace.get())), List.of("ephemeral-ns: " + creation.kind() + " "
                + creation.name() + " is labelled " + ProductKeys.OWNER_NAMESPACE + "=" + namespace.get()
                + ": it is deleted once namespace " + namespace.get() + " is gone"));
    }

    /** {@code <namespace>} of {@code system:serviceaccount:<namespace>:<name>}, empty for any other user. */
    static Optional<String> serviceAccountNamespace(String user) {
        if (user == null || !user.startsWith(SERVICE_ACCOUNT)) {
            return Optional.empty();
        }
        String[] parts = user.substring(SERVICE_ACCOUNT.length()).split(":", -1);
        return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? Optional.of(parts[0]) : Optional.empty();
    }
}
