package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.leftovers.ClusterResource;
import io.ephemeralns.janitor.leftovers.LeftoverObject;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The API access of the cluster-scoped leftovers: lists the objects of one cluster-scoped resource that carry the label
 * {@code ephemeral-ns.io/owner-namespace} (a label selector: the API server sends only those, metadata only, page by
 * page), reads one again, deletes one with UID and resourceVersion preconditions, and asks whether a namespace
 * exists. Each is one request.
 */
public class ClusterObjects {

    /** {@code ?labelSelector=ephemeral-ns.io/owner-namespace} (the key exists), encoded. */
    private static final String SELECTOR = "labelSelector=" + URLEncoder.encode(ProductKeys.OWNER_NAMESPACE, StandardCharsets.UTF_8);

    private final KubernetesClient client;
    private final int pageSize;

    /** @param pageSize objects per list request ({@code janitor.page-size}) */
    public ClusterObjects(KubernetesClient client, int pageSize) {
        this.client = client;
        this.pageSize = pageSize;
    }

    /**
     * Feeds every labelled object of the resource to {@code sink}.
     *
     * @return the number of list requests made
     * @throws KubernetesClientException when a page cannot be read
     */
    public int list(ClusterResource resource, Consumer<LeftoverObject> sink) throws InterruptedException {
        return MetadataRequests.pages(client, resource.path() + "?" + SELECTOR + "&limit=" + pageSize,
                metadata -> sink.accept(object(resource, metadata)));
    }

    /**
     * The object as it is now, empty when it is gone.
     *
     * @throws KubernetesClientException when it cannot be read
     */
    public Optional<LeftoverObject> read(ClusterResource resource, String name) throws InterruptedException {
        try {
            Map<?, ?> object = MetadataRequests.get(client, resource.path(name));
            return object.get("metadata") instanceof Map<?, ?> metadata ? Optional.of(object(resource, metadata))
                    : Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Deletes the object if it is still the one listed (same UID and resourceVersion: a label changed since is a new
     * resourceVersion).
     *
     * @return true when the delete was accepted; false when it was gone (404) or changed (409)
     * @throws KubernetesClientException on any other failure
     */
    public boolean delete(ClusterResource resource, LeftoverObject object) {
        DeleteOptions options = new DeleteOptionsBuilder()
                .withApiVersion("v1").withKind("DeleteOptions")
                .withPropagationPolicy("Background")
                .withNewPreconditions().withUid(object.uid()).withResourceVersion(object.resourceVersion()).endPreconditions()
                .build();
        try {
            client.raw(resource.path(object.name()), "DELETE", options);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether a namespace of that name exists (terminating ones included).
     *
     * @throws KubernetesClientException when it cannot be asked
     */
    public boolean namespaceExists(String name) {
        return client.namespaces().withName(name).get() != null;
    }

    static LeftoverObject object(ClusterResource resource, Map<?, ?> metadata) {
        Map<String, String> labels = new HashMap<>();
        if (metadata.get("labels") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> labels.put(String.valueOf(key), String.valueOf(value)));
        }
        return new LeftoverObject(resource.display(), String.valueOf(metadata.get("name")),
                metadata.get("uid") instanceof String uid ? uid : null,
                metadata.get("resourceVersion") instanceof String version ? version : null,
                Timestamps.parse(metadata.get("creationTimestamp") instanceof String at ? at : null),
                metadata.get("deletionTimestamp") != null, labels);
    }
}
