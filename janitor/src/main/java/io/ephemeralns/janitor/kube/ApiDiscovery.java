package io.ephemeralns.janitor.kube;

import io.ephemeralns.janitor.leftovers.ClusterResource;
import io.ephemeralns.janitor.stuck.ApiResource;
import io.ephemeralns.janitor.stuck.UnavailableApiService;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finds the kinds a stuck namespace's conditions name through the API's discovery (readable by every
 * authenticated identity): the group's preferred version, then that version's resource list. Answers are
 * remembered until {@link #forget()}, which every sweep calls, so that a sweep asks once per group whatever the
 * number of stuck namespaces, and a CRD installed or removed is seen at the next sweep. Also lists the APIServices
 * that are down ({@link #unavailableApiServices()}): they are cluster-wide, so a sweep asks once for all its stuck
 * namespaces.
 */
@ApplicationScoped
public class ApiDiscovery {

    private static final Logger LOG = Logger.getLogger(ApiDiscovery.class);

    private final KubernetesClient client;
    private final Map<String, Optional<ApiResource>> known = new ConcurrentHashMap<>();

    public ApiDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /** Forgets what was discovered. */
    public void forget() {
        known.clear();
    }

    /** The listable namespaced kind of a group-resource, empty when the API does not serve one. */
    public Optional<ApiResource> find(String group, String resource) {
        return known.computeIfAbsent(group + "/" + resource, key -> discover(group, resource));
    }

    private Optional<ApiResource> discover(String group, String resource) {
        return resources(group).flatMap(list -> ApiResource.select(list, group, version(list), resource));
    }

    /**
     * The cluster-scoped resource of a group that can be listed and deleted, asked now (not remembered: the leftovers'
     * listing asks once per {@code janitor.leftovers.interval}); empty when the API does not serve one.
     */
    public Optional<ClusterResource> findClusterScoped(String group, String resource) {
        return resources(group).flatMap(list -> ClusterResource.select(list, group, version(list), resource));
    }

    /** The resource list of a group's preferred version; empty when the group is not served. */
    private Optional<APIResourceList> resources(String group) {
        try {
            String version = group.isEmpty() ? "v1" : preferredVersion(group);
            if (version == null) {
                return Optional.empty();
            }
            String path = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
            String json = client.raw(path);
            if (json == null) {
                return Optional.empty();
            }
            APIResourceList list = client.getKubernetesSerialization().unmarshal(json, APIResourceList.class);
            list.setGroupVersion(group.isEmpty() ? version : group + "/" + version);
            return Optional.of(list);
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private static String version(APIResourceList list) {
        String groupVersion = list.getGroupVersion();
        return groupVersion.substring(groupVersion.indexOf('/') + 1);
    }

    private String preferredVersion(String group) {
        APIGroup apiGroup = client.getApiGroup(group);
        return apiGroup == null || apiGroup.getPreferredVersion() == null ? null : apiGroup.getPreferredVersion().getVersion();
    }

    /** The APIServices whose Available condition is not True; empty when they cannot be listed. */
    public List<UnavailableApiService> unavailableApiServices() {
        List<UnavailableApiService> down = new ArrayList<>();
        try {
            for (GenericKubernetesResource service : client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                    .list().getItems()) {
                Object status = service.getAdditionalProperties().get("status");
                List<?> conditions = status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> list ? list : List.of();
                for (Object condition : conditions) {
                    if (condition instanceof Map<?, ?> c && "Available".equals(c.get("type")) && !"True".equals(c.get("status"))) {
                        down.add(new UnavailableApiService(service.getMetadata().getName(), String.valueOf(c.get("message"))));
                    }
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list APIServices (HTTP %d)", e.getCode());
        }
        return down;
    }
}
