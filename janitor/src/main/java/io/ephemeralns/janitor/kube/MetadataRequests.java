package io.ephemeralns.janitor.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Metadata-only requests through the client's own HTTP client (its authentication and TLS): the {@code Accept}
 * header asks the API server for {@code PartialObjectMetadata(List)}, so that it sends no spec, status or data, with
 * plain JSON as the fallback a server may choose (the answer is read as a map either way). fabric8 7.5 has no
 * metadata-only list, watch or informer (fabric8io/kubernetes-client#5716, still open), hence this.
 */
final class MetadataRequests {

    /** For lists: one {@code PartialObjectMetadataList}. */
    static final String LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    /** For watches: each event's object is one {@code PartialObjectMetadata}. */
    static final String OBJECT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private static final long TIMEOUT_SECONDS = 60;

    private MetadataRequests() {
    }

    /**
     * One GET of a list, read whole.
     *
     * @throws KubernetesClientException when it cannot be read (its code is the HTTP status)
     */
    static Map<?, ?> list(KubernetesClient client, String path) throws InterruptedException {
        return client.getKubernetesSerialization().unmarshal(get(client, path, LIST), Map.class);
    }

    /**
     * One GET, its body read whole as text, with the given {@code Accept} header.
     *
     * @throws KubernetesClientException when it cannot be read (its code is the HTTP status)
     */
    static String get(KubernetesClient client, String path, String accept) throws InterruptedException {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url(client, path)).header("Accept", accept).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                throw new KubernetesClientException("reading " + path + " failed: HTTP " + response.code(), response.code(), null);
            }
            return response.body();
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("reading " + path + " failed: " + e, e);
        }
    }

    /**
     * Opens a watch ({@code ?watch=true...}): a stream of newline-separated JSON events, without read timeout (the
     * server ends it after the request's {@code timeoutSeconds}). The caller closes it.
     *
     * @throws KubernetesClientException when the server refuses it (its code is the HTTP status)
     */
    static InputStream watch(KubernetesClient client, String path) throws InterruptedException {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url(client, path)).header("Accept", OBJECT)
                .forStreaming().build();
        try {
            HttpResponse<InputStream> response = http.sendAsync(request, InputStream.class)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                response.body().close();
                throw new KubernetesClientException("watching " + path + " failed: HTTP " + response.code(), response.code(), null);
            }
            return response.body();
        } catch (ExecutionException | TimeoutException | java.io.IOException e) {
            throw new KubernetesClientException("watching " + path + " failed: " + e, e);
        }
    }

    private static String url(KubernetesClient client, String path) {
        String base = client.getConfiguration().getMasterUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
