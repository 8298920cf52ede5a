package io.ephemeralns.janitor.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The reads a capture makes in one namespace ({@link io.ephemeralns.janitor.capture.NamespaceCapture}): a list as
 * JSON, a list as metadata only (Secrets: their data is never sent), and a container's log streamed to the caller,
 * bounded in bytes by the API server ({@code limitBytes}). Failures are
 * {@link KubernetesClientException}s carrying the HTTP status, for the caller to note and go on.
 */
public class NamespaceReads {

    private final KubernetesClient client;

    public NamespaceReads(KubernetesClient client) {
        this.client = client;
    }

    /** A list, e.g. {@code /apis/apps/v1/namespaces/x/deployments}, as JSON maps. */
    public Map<?, ?> list(String path) throws InterruptedException {
        return client.getKubernetesSerialization().unmarshal(MetadataRequests.text(client, path, "application/json"), Map.class);
    }

    /** A list as {@code PartialObjectMetadataList} (no spec, status or data). */
    public Map<?, ?> listMetadata(String path) throws InterruptedException {
        return MetadataRequests.list(client, path);
    }

    /**
     * Copies a container's log to {@code sink} as it arrives, its first {@code limitBytes} bytes at most (the API
     * server stops there); {@code previous}: of the container's previous instance (restarted containers).
     *
     * @return the number of bytes copied
     */
    public long log(String namespace, String pod, String container, boolean previous, long limitBytes, OutputStream sink)
            throws InterruptedException {
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container="
                + URLEncoder.encode(container, StandardCharsets.UTF_8) + "&limitBytes=" + limitBytes
                + (previous ? "&previous=true" : "");
        return MetadataRequests.copy(client, path, "text/plain, */*", sink);
    }
}
