package io.ephemeralns.common;

import java.util.Map;

/**
 * Which namespaces are CI namespaces, and which ones each program may act on.
 *
 * <p>Protected namespaces are out of scope whatever their labels. The webhook treats a namespace as CI
 * when it matches the selector, carries the product's {@code managed} label, or (opt-in) has a name that
 * matches the name pattern. The janitor is narrower on purpose: it only deletes what carries the
 * selector's labels or the product's own {@code managed=true}, never a namespace picked by name alone.
 */
public final class CiScope {

    private CiScope() {
    }

    /** True for system namespaces, the configured list and the product's own namespace. */
    public static boolean isProtected(CiSettings settings, String name) {
        return name != null && settings.protectedNames().contains(name);
    }

    /** True when the namespace carries the product's {@code ephemeral-ns.io/managed=true}. */
    public static boolean isManaged(Map<String, String> labels) {
        return labels != null && "true".equals(labels.get(ProductKeys.MANAGED));
    }

    /** True when the selector matches these labels. */
    public static boolean matchesSelector(CiSettings settings, Map<String, String> labels) {
        return settings.selector().matches(labels);
    }

    /** The webhook's view: is a namespace with this name and these labels a CI namespace? */
    public static boolean isCiNamespace(CiSettings settings, String name, Map<String, String> labels) {
        if (isProtected(settings, name)) {
            return false;
        }
        return matchesSelector(settings, labels)
                || isManaged(labels)
                || settings.namePattern().map(p -> name != null && p.matcher(name).find()).orElse(false);
    }

    /** The janitor's view: may it act on this namespace at all? */
    public static boolean janitorMayAct(CiSettings settings, NamespaceView namespace) {
        return !isProtected(settings, namespace.name())
                && (matchesSelector(settings, namespace.labels()) || isManaged(namespace.labels()));
    }
}
