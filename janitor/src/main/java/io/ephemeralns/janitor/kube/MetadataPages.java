package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.stuck.ApiResource;
import io.ephemeralns.janitor.stuck.RemainingObject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists the objects of one kind in one namespace, page by page ({@code limit} + {@code continue}) and metadata only:
 * the request asks for {@code PartialObjectMetadataList} (the API server then sends no spec, status or data), with
 * plain JSON as the fallback a server may choose. Each object is handed to a consumer and forgotten, so that a
 * namespace holding thousands of large objects costs one page of metadata ({@link MetadataRequests}).
 */
public class MetadataPages {


    private final KubernetesClient client;
    /** The page size as a query, {@code ?limit=500}: every request asks for one page. */
    private final String limit;

    /** @param pageSize objects per list request ({@code janitor.page-size}) */
    public MetadataPages(KubernetesClient client, long pageSize) {
        this.client = client;
        this.limit = "?limit=" + pageSize;
    }

    /**
     * Feeds every object of the kind in the namespace to {@code sink}.
     *
     * @return the number of list requests made
     * @throws KubernetesClientException when a page cannot be read (its code is the HTTP status)
     */
    public int list(ApiResource kind, String namespace, Consumer<RemainingObject> sink) throws InterruptedException {
        return MetadataRequests.pages(client, kind.path(namespace) + limit, metadata -> sink.accept(remaining(kind, metadata)));
    }

    static RemainingObject remaining(ApiResource kind, Map<?, ?> metadata) {
        List<String> finalizers = metadata.get("finalizers") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        return new RemainingObject(kind.group(), kind.version(), kind.resource(), String.valueOf(metadata.get("name")),
                finalizers, Timestamps.parse(metadata.get("deletionTimestamp") instanceof String at ? at : null),
                metadata.get("resourceVersion") instanceof String version ? version : null);
    }
}
