package io.ephemeralns.janitor.stuck;

import java.util.List;
import java.util.Map;

/**
 * The janitor's access to a CI namespace: the baseline RoleBinding {@value #ROLE_BINDING}, which binds the janitor
 * to ClusterRole {@code ephemeral-ns-janitor-in-ci-namespaces} (get, list, patch on everything in that namespace
 * only) and carries the finalizer {@value #FINALIZER}, so that it outlives everything else while the namespace
 * terminates. The janitor therefore needs no cluster-wide right to list or patch what blocks a stuck namespace.
 *
 * <p>The finalizer goes last: stuck repair never removes it, and it is released only when the namespace's
 * conditions say that nothing but this RoleBinding remains ({@link #onlyOursRemains}). A terminating namespace
 * cannot gain objects, so that state is final once the namespace controller reported it.
 */
public final class JanitorAccess {

    /** Name of the RoleBinding in each CI namespace. */
    public static final String ROLE_BINDING = "ephemeral-ns-janitor-access";
    /** Its finalizer. */
    public static final String FINALIZER = "ephemeral-ns.io/janitor-access";
    /** Its group and resource. */
    static final String GROUP = "rbac.authorization.k8s.io";
    static final String RESOURCE = "rolebindings";

    private JanitorAccess() {
    }

    /**
     * True when the namespace controller reports that one object remains, a RoleBinding, held by our finalizer only,
     * and reports no other trouble (a discovery failure means it may not have seen every kind).
     */
    public static boolean onlyOursRemains(List<NamespaceCondition> conditions) {
        for (NamespaceCondition condition : conditions) {
            boolean known = RemainingKinds.CONTENT_REMAINING.equals(condition.type())
                    || RemainingKinds.FINALIZERS_REMAINING.equals(condition.type());
            if (condition.holds() && !known) {
                return false;
            }
        }
        return RemainingKinds.content(conditions).equals(Map.of(RESOURCE + "." + GROUP, 1))
                && RemainingKinds.finalizers(conditions).equals(Map.of(FINALIZER, 1));
    }

    /** True for our RoleBinding (it is never repaired nor named in a diagnosis: it is released on its own). */
    static boolean isOurs(RemainingObject object) {
        return GROUP.equals(object.group()) && RESOURCE.equals(object.resource()) && ROLE_BINDING.equals(object.name());
    }
}
