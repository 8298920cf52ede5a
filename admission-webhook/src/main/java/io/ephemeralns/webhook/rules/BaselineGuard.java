package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.ProductKeys;
import java.util.List;
import java.util.TreeSet;

/**
 * The guard of the isolation baseline: in a CI namespace, DELETE and UPDATE of an object labelled
 * {@code ephemeral-ns.io/baseline=true} (judged by the old object, which DELETE also carries) are denied, and so is
 * CREATE of an object named like a baseline object ({@link Policy#reservedNames()}, whatever its kind and labels):
 * an object created under a baseline name before the reconciler creates its own would otherwise be adopted
 * with foreign fields (the reconciler replaces those too, but a refused CREATE leaves no window at all).
 *
 * <p>Allowed nevertheless: the exempt users, the namespace controller, any request while the namespace is
 * terminating, and status subresources (a quota's usage is updated by the quota controller through
 * {@code resourcequotas/status}; {@link RoutingTable} sends no subresource here). A request from a namespace the
 * synced cache does not know as a CI namespace yet (labelled a moment ago, or its baseline written by another replica
 * whose cache is ahead) is refused with "retry" ({@link CiNamespaceLookup}); before the cache's first listing it is
 * allowed with a warning. The namespace controller is exempt, so no refusal here can make a namespace deletion hang.
 */
public final class BaselineGuard {

    private BaselineGuard() {
    }

    /** UPDATE or DELETE: refused for an object labelled as part of the baseline; other objects are allowed. */
    public static Verdict change(ObjectChange in, Policy policy, ClusterView cluster) {
        if (!"true".equals(in.oldLabels().get(ProductKeys.BASELINE_OBJECT))
                || Exemptions.NAMESPACE_CONTROLLER.equals(in.requester().user()) || policy.exemptions().covers(in.requester())) {
            return Verdict.allow();
        }
        String verb = in.operation() == Operation.DELETE ? "deleted" : "changed";
        return CiNamespaceLookup.inActiveCiNamespace(in.namespace(), policy, cluster, skipped(in), lagging(in), ns -> Verdict.deny(in.kind()
                + " " + in.name() + " in namespace " + in.namespace() + " is part of the isolation baseline (label "
                + ProductKeys.BASELINE_OBJECT + "=true) and cannot be " + verb
                + ": it is removed with the namespace; choose another profile with label " + ProductKeys.PROFILE
                + ", e.g. " + ProductKeys.PROFILE + "=default", List.of()));
    }

    /** CREATE: refused under a reserved name; other names are allowed. */
    public static Verdict creation(ObjectChange in, Policy policy, ClusterView cluster) {
        String name = in.name();
        if (!policy.reservedNames().contains(name) || policy.exemptions().covers(in.requester())) {
            return Verdict.allow();
        }
        return CiNamespaceLookup.inActiveCiNamespace(in.namespace(), policy, cluster, skipped(in), lagging(in), ns -> Verdict.deny(in.kind()
                + " " + name + " in namespace " + in.namespace()
                + ": the name " + name + " is reserved by ephemeral-ns for the isolation baseline of CI namespaces"
                + " (reserved: " + String.join(", ", new TreeSet<>(policy.reservedNames()))
                + "); pick another name, e.g. " + name.replaceFirst("^ephemeral-ns-", ""), List.of()));
    }

    private static String skipped(ObjectChange in) {
        return "ephemeral-ns baseline guard skipped for namespace " + in.namespace()
                + ": the webhook's cache has not listed the namespaces yet";
    }

    private static Verdict lagging(ObjectChange in) {
        return Verdict.deny(in.kind() + " " + in.name() + " in namespace " + in.namespace() + ": the namespace became a CI"
                + " namespace a moment ago and ephemeral-ns has not seen it yet; retry", List.of());
    }
}
