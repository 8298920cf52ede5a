package io.ephemeralns.janitor.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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
        return read(client, path, LIST, "listing ");
    }

    /**
     * Every page of a list, following {@code continue} tokens: each listed object's {@code metadata} goes to
     * {@code sink}. {@code path} already holds a query ({@code ?limit=...}).
     *
     * @return the number of list requests made
     * @throws KubernetesClientException when a page cannot be read
     */
    static int pages(KubernetesClient client, String path, Consumer<Map<?, ?>> sink) throws InterruptedException {
        String token = null;
        int requests = 0;
        do {
            Map<?, ?> page = list(client, path + (token == null ? "" : "&continue=" + URLEncoder.encode(token,
                    StandardCharsets.UTF_8)));
            requests++;
            if (page.get("items") instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> object && object.get("metadata") instanceof Map<?, ?> metadata) {
                        sink.accept(metadata);
                    }
                }
            }
            token = page.get("metadata") instanceof Map<?, ?> meta && meta.get("continue") instanceof String next
                    && !next.isEmpty() ? next : null;
        } while (token != null);
        return requests;
    }

    /**
     * One GET of one object's metadata ({@code PartialObjectMetadata}).
     *
     * @throws KubernetesClientException when it cannot be read (its code is the HTTP status: 404 when it is gone)
     */
    static Map<?, ?> get(KubernetesClient client, String path) throws InterruptedException {
        return read(client, path, OBJECT, "reading ");
    }

    private static Map<?, ?> read(KubernetesClient client, String path, String accept, String what)
            throws InterruptedException {
        return client.getKubernetesSerialization().unmarshal(text(client, path, accept, what), Map.class);
    }

    /**
     * One GET, its body read whole as text, with the given {@code Accept} header (a pod's log, an object as JSON).
     *
     * @throws KubernetesClientException when it cannot be read (its code is the HTTP status)
     */
    static String text(KubernetesClient client, String path, String accept) throws InterruptedException {
        return text(client, path, accept, "reading ");
    }

    private static String text(KubernetesClient client, String path, String accept, String what)
            throws InterruptedException {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url(client, path)).header("Accept", accept).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                throw new KubernetesClientException(what + path + " failed: HTTP " + response.code(), response.code(), null);
            }
            return response.body();
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException(what + path + " failed: " + e, e);
        }
    }

    /**
     * One GET whose body is copied to {@code sink} as it arrives (a pod's log, of which the caller keeps what it
     * needs), with the client's usual timeouts.
     *
     * @return the number of bytes copied
     * @throws KubernetesClientException when it cannot be read (its code is the HTTP status)
     */
    static long copy(KubernetesClient client, String path, String accept, OutputStream sink) throws InterruptedException {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url(client, path)).header("Accept", accept).build();
        try {
            HttpResponse<InputStream> response = http.sendAsync(request, InputStream.class)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try (InputStream body = response.body()) {
                if (!response.isSuccessful()) {
                    throw new KubernetesClientException("reading " + path + " failed: HTTP " + response.code(),
                            response.code(), null);
                }
                return body.transferTo(sink);
            }
        } catch (ExecutionException | TimeoutException | java.io.IOException e) {
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
