package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One watch request on one {@link NamespaceListing}, metadata only ({@link MetadataRequests}), with bookmarks: the
 * events from a resourceVersion on, each handed to a consumer as it arrives, until the server ends the request
 * ({@code timeoutSeconds}), the connection fails or the caller {@link #close}s it from another thread. No retry
 * and no decision here: the cache's watch loop re-lists and backs off.
 */
public class NamespaceWatch implements AutoCloseable {

    private final KubernetesClient client;
    private volatile InputStream open;
    private volatile boolean closed;

    public NamespaceWatch(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Watches until the stream ends; returns normally when the server ended it or it was closed.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the server refuses the watch
     * @throws IOException when the connection fails
     */
    public void run(NamespaceListing listing, String resourceVersion, long timeoutSeconds, Consumer<NamespaceEvent> events)
            throws InterruptedException, IOException {
        String path = "/api/v1/namespaces?" + listing.query() + "&watch=true&allowWatchBookmarks=true&timeoutSeconds=" + timeoutSeconds
                + (resourceVersion == null ? "" : "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8));
        try (InputStream stream = MetadataRequests.watch(client, path);
                BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            open = stream;
            if (closed) {
                return;
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    events.accept(NamespaceEvent.parse(client.getKubernetesSerialization().unmarshal(line, Map.class)));
                }
            }
        } catch (IOException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            open = null;
        }
    }

    /** Ends the running watch, from any thread (a re-list, or shut-down). */
    @Override
    public void close() {
        closed = true;
        InputStream stream = open;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing a broken stream: nothing more to do
            }
        }
    }

    /** Allows {@link #run} again after a {@link #close} (the next watch of the loop). */
    public void reopen() {
        closed = false;
    }

    /**
     * One watch event.
     *
     * @param type            ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (anything else is {@code ERROR})
     * @param namespace       the namespace (ADDED, MODIFIED, DELETED), else null
     * @param resourceVersion where the next watch continues from (every type but ERROR)
     * @param code            the HTTP status of an ERROR (410 when the resourceVersion is too old), else 0
     * @param message         the message of an ERROR
     */
    public record NamespaceEvent(Type type, NamespaceView namespace, String resourceVersion, int code, String message) {

        /** What happened. */
        public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

        /** Reads one event of the stream, as JSON already parsed into a map. */
        public static NamespaceEvent parse(Map<?, ?> event) {
            Object object = event.get("object");
            Map<?, ?> body = object instanceof Map<?, ?> map ? map : Map.of();
            Type type = switch (String.valueOf(event.get("type"))) {
                case "ADDED" -> Type.ADDED;
                case "MODIFIED" -> Type.MODIFIED;
                case "DELETED" -> Type.DELETED;
                case "BOOKMARK" -> Type.BOOKMARK;
                default -> Type.ERROR;
            };
            if (type == Type.ERROR) {
                int code = body.get("code") instanceof Number number ? number.intValue() : 0;
                return new NamespaceEvent(type, null, null, code, String.valueOf(body.get("message")));
            }
            Map<?, ?> metadata = body.get("metadata") instanceof Map<?, ?> map ? map : Map.of();
            String version = NamespaceMetadata.resourceVersion(metadata);
            return new NamespaceEvent(type, type == Type.BOOKMARK ? null : NamespaceMetadata.view(metadata), version, 0, null);
        }
    }
}
