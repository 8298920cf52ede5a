package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.Optional;

/**
 * The guard of the isolation baseline: in a CI namespace, DELETE and UPDATE of an object labelled
 * {@code ephemeral-ns.io/baseline=true} (judged by the old object, which DELETE also carries) are denied, and so is
 * CREATE of an object named like a baseline object ({@link Policy#reservedNames()}, whatever its kind and labels):
 * an object created under a baseline name before the reconciler creates its own would otherwise be adopted
 * with foreign fields (the reconciler replaces those too, but a refused CREATE leaves no window at all).
 *
 * <p>Allowed nevertheless: the exempt users, the namespace controller, any request while the namespace is
 * terminating, and status subresources (a quota's usage is updated by the quota controller through
 * {@code resourcequotas/status}). When the cache does not know the namespace the request is allowed with a
 * warning: blocking it could make a namespace deletion hang, which is worse than a short unguarded window
 * that the reconciler repairs anyway.
 */
public final class BaselineGuard {

    private BaselineGuard() {
    }

    /** The verdict; requests that are not about a baseline object are allowed. */
    public static Verdict decide(AdmissionInput in, Policy policy, ClusterView cluster) {
        if ("CREATE".equals(in.operation())) {
            return decideCreate(in, policy, cluster);
        }
        boolean delete = "DELETE".equals(in.operation());
        if (!(delete || "UPDATE".equals(in.operation())) || !in.subResource().isEmpty() || in.namespace().isEmpty()) {
            return Verdict.allow();
        }
        ObjectMeta old = in.oldMetadata();
        Map<String, String> labels = old == null || old.getLabels() == null ? Map.of() : old.getLabels();
        if (!"true".equals(labels.get(ProductKeys.BASELINE_OBJECT))) {
            return Verdict.allow();
        }
        if (Exemptions.NAMESPACE_CONTROLLER.equals(in.user()) || policy.exemptions().covers(in.user(), in.groups())) {
            return Verdict.allow();
        }
        Optional<NamespaceView> namespace = cluster.namespace(in.namespace());
        if (namespace.isEmpty()) {
            return Verdict.allow(java.util.List.of("ephemeral-ns baseline guard skipped: namespace " + in.namespace()
                    + " is not known to the webhook's cache yet"));
        }
        NamespaceView ns = namespace.get();
        if (ns.isTerminating() || !CiScope.isCiNamespace(policy.settings(), ns.name(), ns.labels())) {
            return Verdict.allow();
        }
        String what = (in.kind().isEmpty() ? in.resource() : in.kind()) + " " + (in.name().isEmpty() ? old.getName() : in.name());
        return Verdict.deny(what + " in namespace " + in.namespace() + " is part of the isolation baseline (label "
                + ProductKeys.BASELINE_OBJECT + "=true) and cannot be " + (delete ? "deleted" : "changed")
                + ": it is removed with the namespace; choose another profile with label " + ProductKeys.PROFILE
                + ", e.g. " + ProductKeys.PROFILE + "=default", java.util.List.of());
    }

    private static Verdict decideCreate(AdmissionInput in, Policy policy, ClusterView cluster) {
        String name = in.name().isEmpty() ? nameOf(in.newMetadata()) : in.name();
        if (!in.subResource().isEmpty() || in.namespace().isEmpty() || !policy.reservedNames().contains(name)) {
            return Verdict.allow();
        }
        if (policy.exemptions().covers(in.user(), in.groups())) {
            return Verdict.allow();
        }
        Optional<NamespaceView> namespace = cluster.namespace(in.namespace());
        if (namespace.isEmpty()) {
            return Verdict.allow(java.util.List.of("ephemeral-ns baseline guard skipped: namespace " + in.namespace()
                    + " is not known to the webhook's cache yet"));
        }
        NamespaceView ns = namespace.get();
        if (ns.isTerminating() || !CiScope.isCiNamespace(policy.settings(), ns.name(), ns.labels())) {
            return Verdict.allow();
        }
        return Verdict.deny((in.kind().isEmpty() ? in.resource() : in.kind()) + " " + name + " in namespace " + in.namespace()
                + ": the name " + name + " is reserved by ephemeral-ns for the isolation baseline of CI namespaces"
                + " (reserved: " + String.join(", ", new java.util.TreeSet<>(policy.reservedNames()))
                + "); pick another name, e.g. " + name.replaceFirst("^ephemeral-ns-", ""), java.util.List.of());
    }

    private static String nameOf(ObjectMeta metadata) {
        return metadata == null || metadata.getName() == null ? "" : metadata.getName();
    }
}
