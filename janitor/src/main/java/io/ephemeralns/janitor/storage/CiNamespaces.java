package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.Admission;
import io.ephemeralns.janitor.kube.NamespaceSource;
import io.ephemeralns.janitor.plan.SweepPlanner;
import java.util.Map;

/**
 * The live CI namespaces a scan labels volumes for: those the janitor may act on (in scope, admitted by the webhook,
 * as {@link SweepPlanner#admission} says), by name, with their UID, from the watch-fed cache when it is synced (no
 * request) or a metadata listing.
 *
 * @param source where the namespaces come from (the cache once synced, else listed)
 * @param scope  which namespaces the janitor may act on
 */
public record CiNamespaces(NamespaceSource source, SweepPlanner scope) {

    /**
     * Puts the live CI namespaces' UIDs by name into {@code uids}, from scratch.
     *
     * @return the number of API requests made
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the namespaces cannot be had
     */
    public int gather(Map<String, String> uids) {
        uids.clear();
        return source.scan(namespace -> {
            if (namespace.uid() != null && !namespace.uid().isEmpty() && scope.admission(namespace)
                    .filter(verdict -> verdict == Admission.Verdict.ADMITTED).isPresent()) {
                uids.put(namespace.name(), namespace.uid());
            }
        }, uids::clear);
    }
}
