package io.ephemeralns.common;

/**
 * "A CI namespace that is not terminating": the namespaces the webhook keeps a baseline in, counts against
 * {@code webhook.max-namespaces} and resyncs. A terminating namespace is on its way out: repairing its baseline would
 * race the namespace controller's deletion of its objects, and it no longer takes a slot.
 */
public final class ActiveCiNamespace {

    private ActiveCiNamespace() {
    }

    /** True for a CI namespace ({@link CiScope#isCiNamespace}) without a {@code deletionTimestamp}. */
    public static boolean is(CiSettings settings, NamespaceView namespace) {
        return !namespace.isTerminating() && CiScope.isCiNamespace(settings, namespace.name(), namespace.labels());
    }
}
