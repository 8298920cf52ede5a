package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.LabelSelector;
import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Lists the namespaces in the janitor's scope, metadata only ({@link MetadataRequests}) and page by page
 * ({@code limit} + {@code continue}), feeding them to a consumer so that no sweep holds the whole cluster in memory:
 * the one-shot sweep and the initial list (and re-lists) of the watch-fed cache are this one listing. Two disjoint
 * listings cover the scope ({@link NamespaceListing}). When a {@code continue} token has expired (410 Gone), the whole
 * scan restarts from the beginning after {@code restart} tells the consumer to forget what it saw.
 *
 * <p>Metadata has no status: a terminating namespace is one with a {@code deletionTimestamp}, and the few whose
 * conditions matter are {@link #read} in full.
 */
public class NamespaceLister implements NamespaceSource {

    private static final Logger LOG = Logger.getLogger(NamespaceLister.class);
    static final int MAX_RESTARTS = 3;

    private final KubernetesClient client;
    private final List<NamespaceListing> listings;
    private final long pageSize;

    /**
     * @param selector the configured label selector of CI namespaces ({@code ephemeral-ns.selector})
     * @param pageSize namespaces per list request ({@code janitor.page-size})
     */
    public NamespaceLister(KubernetesClient client, LabelSelector selector, long pageSize) {
        this.client = client;
        this.listings = selector == null ? List.of() : NamespaceListing.of(selector);
        this.pageSize = pageSize;
    }

    /** The two listings that cover the scope. */
    public List<NamespaceListing> listings() {
        return listings;
    }

    /** Reads one namespace again, in full (its status included), just before acting on it; null when it is gone. */
    public Namespace read(String name) {
        return client.namespaces().withName(name).get();
    }

    @Override
    public int scan(Consumer<NamespaceView> sink, Runnable restart) {
        for (int attempt = 0; ; attempt++) {
            try {
                int requests = 0;
                for (NamespaceListing listing : listings) {
                    requests += list(listing, sink).requests();
                }
                return requests;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt >= MAX_RESTARTS) {
                    throw e;
                }
                LOG.infof("namespace listing expired (410 Gone: %s); restarting the scan", e.getMessage());
                restart.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException("listing namespaces interrupted", e);
            }
        }
    }

    /**
     * Feeds every namespace of one listing to {@code sink}, page by page.
     *
     * @return the requests made, and the resourceVersion of the listing (where a watch continues from)
     * @throws KubernetesClientException when a page cannot be read; 410 when a {@code continue} token expired
     */
    public Listed list(NamespaceListing listing, Consumer<NamespaceView> sink) throws InterruptedException {
        String token = null;
        String resourceVersion = null;
        int requests = 0;
        do {
            // the parameters in the order fabric8's own requests use (the tests' scripted paths)
            Map<?, ?> page = MetadataRequests.list(client, "/api/v1/namespaces?"
                    + (token == null ? "" : "continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&")
                    + listing.query() + "&limit=" + pageSize);
            requests++;
            if (page.get("items") instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> object && object.get("metadata") instanceof Map<?, ?> metadata) {
                        NamespaceView namespace = NamespaceMetadata.view(metadata);
                        if (listing.accepts(namespace)) {
                            sink.accept(namespace);
                        }
                    }
                }
            }
            Object meta = page.get("metadata");
            resourceVersion = NamespaceMetadata.resourceVersion(meta);
            token = meta instanceof Map<?, ?> map && map.get("continue") instanceof String next && !next.isEmpty()
                    ? next : null;
        } while (token != null);
        return new Listed(requests, resourceVersion);
    }

    /**
     * What one listing came to.
     *
     * @param requests        list requests made
     * @param resourceVersion the list's resourceVersion (of its last page), null when the server sent none
     */
    public record Listed(int requests, String resourceVersion) {
    }
}
