package io.ephemeralns.webhook.rules;

import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.Optional;

/**
 * What a request is about, as far as the rules care: the other axis of the routing table. Read from the request's
 * resource, subresource and namespace, never from its objects, so routing parses nothing.
 */
public enum Target {
    /** A core {@code namespaces} object itself. */
    NAMESPACE,
    /** {@code namespaces/status} or {@code namespaces/finalize}: they can change labels too. */
    NAMESPACE_SUBRESOURCE,
    /** A core {@code pods} object in a namespace. */
    POD,
    /** Any other object in a namespace, the baseline's kinds among them. */
    NAMESPACED_OBJECT,
    /**
     * A cluster-scoped object other than a namespace (a ClusterRole, a webhook configuration); the chart sends only
     * the kinds of {@code janitor.leftovers.resources}, only at CREATE by a ServiceAccount (issue 15).
     */
    CLUSTER_OBJECT;

    /**
     * The target of a request; empty for what no rule reads: subresources other than the namespace's (a quota's usage
     * is written through {@code resourcequotas/status}).
     */
    public static Optional<Target> of(AdmissionRequest request) {
        GroupVersionResource gvr = request.getResource();
        boolean core = gvr != null && (gvr.getGroup() == null || gvr.getGroup().isEmpty());
        String resource = gvr == null ? null : gvr.getResource();
        boolean subresource = request.getSubResource() != null && !request.getSubResource().isEmpty();
        if (core && "namespaces".equals(resource)) {
            return Optional.of(subresource ? NAMESPACE_SUBRESOURCE : NAMESPACE);
        }
        if (subresource) {
            return Optional.empty();
        }
        if (request.getNamespace() == null || request.getNamespace().isEmpty()) {
            return Optional.of(CLUSTER_OBJECT);
        }
        return Optional.of(core && "pods".equals(resource) ? POD : NAMESPACED_OBJECT);
    }
}
