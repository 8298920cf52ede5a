package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.LabelSelector;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Lists the namespaces in the janitor's scope, page by page ({@code limit} + {@code continue}), feeding them
 * to a consumer so that no sweep holds the whole cluster in memory. The consumer gets the API objects (their
 * status conditions tell whether only the janitor's access remains in a terminating namespace).
 *
 * <p>Two disjoint listings cover the scope, so that each namespace is sent and decoded once: the configured
 * selector narrowed to namespaces without {@code ephemeral-ns.io/managed=true}, then that label (a CI namespace
 * whose pipeline labels were changed stays in scope). With the webhook installed nearly every CI namespace carries
 * both, and listing both sets in full would double the work of a sweep. The label is checked again in memory, for
 * servers that ignore {@code !=}. When a {@code continue} token has expired (410 Gone),
 * the whole scan restarts from the beginning after {@code restart} tells the consumer to forget what it saw.
 */
public class NamespaceLister {

    private static final Logger LOG = Logger.getLogger(NamespaceLister.class);
    static final int MAX_RESTARTS = 3;

    private final KubernetesClient client;
    private final LabelSelector selector;
    private final long pageSize;

    /**
     * @param selector the configured label selector of CI namespaces ({@code ephemeral-ns.selector})
     * @param pageSize namespaces per list request ({@code janitor.page-size})
     */
    public NamespaceLister(KubernetesClient client, LabelSelector selector, long pageSize) {
        this.client = client;
        this.selector = selector;
        this.pageSize = pageSize;
    }

    /** Reads one namespace again, just before acting on it; null when it is gone. */
    public Namespace read(String name) {
        return client.namespaces().withName(name).get();
    }

    /**
     * Feeds every namespace in scope to {@code sink}; calls {@code restart} before starting over after a 410.
     *
     * @return the number of list requests made
     * @throws KubernetesClientException when listing fails for another reason, or keeps expiring
     */
    public int scan(Consumer<Namespace> sink, Runnable restart) {
        for (int attempt = 0; ; attempt++) {
            try {
                return scanOnce(sink);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt >= MAX_RESTARTS) {
                    throw e;
                }
                LOG.infof("namespace listing expired (410 Gone: %s); restarting the scan", e.getMessage());
                restart.run();
            }
        }
    }

    private int scanOnce(Consumer<Namespace> sink) {
        String unmanaged = selector + "," + ProductKeys.MANAGED + "!=true";
        int requests = listAll(unmanaged, namespace -> {
            if (!"true".equals(NamespaceView.of(namespace).labels().get(ProductKeys.MANAGED))) {
                sink.accept(namespace);
            }
        });
        return requests + listAll(ProductKeys.MANAGED + "=true", sink);
    }

    private int listAll(String selector, Consumer<Namespace> sink) {
        String token = null;
        int requests = 0;
        do {
            NamespaceList page = client.namespaces().withLabelSelector(selector)
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build());
            requests++;
            List<Namespace> items = page.getItems() == null ? List.of() : page.getItems();
            for (Namespace namespace : items) {
                sink.accept(namespace);
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return requests;
    }
}
