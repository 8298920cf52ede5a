package io.ephemeralns.janitor.leftovers;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import java.util.Optional;

/**
 * A cluster-scoped resource the janitor can list and delete, as discovery serves it.
 *
 * @param group    API group, {@code ""} for core
 * @param version  the group's preferred version
 * @param resource plural resource name
 */
public record ClusterResource(String group, String version, String resource) {

    /**
     * The resource in a discovery document of {@code group/version}: empty when it is not served there, is
     * namespaced, or lacks the list or delete verb (subresources such as {@code clusterroles/status} never match).
     */
    public static Optional<ClusterResource> select(APIResourceList discovered, String group, String version,
            String resource) {
        if (discovered == null || discovered.getResources() == null) {
            return Optional.empty();
        }
        for (APIResource candidate : discovered.getResources()) {
            if (resource.equals(candidate.getName()) && Boolean.FALSE.equals(candidate.getNamespaced())
                    && candidate.getVerbs() != null && candidate.getVerbs().contains("list")
                    && candidate.getVerbs().contains("delete")) {
                return Optional.of(new ClusterResource(group, version, resource));
            }
        }
        return Optional.empty();
    }

    /** The collection path, e.g. {@code /apis/rbac.authorization.k8s.io/v1/clusterroles}. */
    public String path() {
        return (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version) + "/" + resource;
    }

    /** The path of one object. */
    public String path(String name) {
        return path() + "/" + name;
    }

    /** {@code clusterroles.rbac.authorization.k8s.io}, or the plural alone for core: the metric label and config form. */
    public String display() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
