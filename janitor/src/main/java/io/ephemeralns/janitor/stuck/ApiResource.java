package io.ephemeralns.janitor.stuck;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import java.util.Optional;

/**
 * A namespaced kind the janitor can list, found through the API's discovery for a group-resource the namespace
 * controller names ({@code widgets.example.com}), so that stuck repair works on any kind, custom ones included.
 *
 * @param group    API group, {@code ""} for core
 * @param version  the group's preferred version
 * @param resource plural resource name
 */
public record ApiResource(String group, String version, String resource) {

    /**
     * The resource in a discovery document of {@code group/version}: empty when it is not served there, is
     * cluster-scoped, or cannot be listed (subresources such as {@code pods/log} are never matched).
     */
    public static Optional<ApiResource> select(APIResourceList discovered, String group, String version, String resource) {
        if (discovered == null || discovered.getResources() == null) {
            return Optional.empty();
        }
        for (APIResource candidate : discovered.getResources()) {
            if (resource.equals(candidate.getName()) && Boolean.TRUE.equals(candidate.getNamespaced())
                    && candidate.getVerbs() != null && candidate.getVerbs().contains("list")) {
                return Optional.of(new ApiResource(group, version, resource));
            }
        }
        return Optional.empty();
    }

    /** The collection path in a namespace, e.g. {@code /apis/example.com/v1/namespaces/x/widgets}. */
    public String path(String namespace) {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + "/namespaces/" + namespace + "/" + resource;
    }
}
