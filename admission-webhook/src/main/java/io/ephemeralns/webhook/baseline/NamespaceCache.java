package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.rules.ClusterView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The webhook's in-memory view of the cluster's namespaces: one informer on all namespaces (not only CI ones,
 * so that "known and not CI" differs from "not seen yet"; the CI rule, which may include a name pattern, is
 * applied in memory). Admission rules read it and never call the API server.
 *
 * <p>It starts in the background and retries for ever: the admission endpoints answer from start-up even
 * while the API server is unreachable, and the rules that need this state say so while {@link #synced()} is false.
 */
@ApplicationScoped
public class NamespaceCache implements ClusterView {

    private static final Logger LOG = Logger.getLogger(NamespaceCache.class);

    private final KubernetesClient client;
    private final CiSettings settings;
    private volatile SharedIndexInformer<Namespace> informer;

    @Inject
    public NamespaceCache(KubernetesClient client, CiSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Starts the informer without waiting for it; events go to {@code handler}. */
    public synchronized void start(ResourceEventHandler<Namespace> handler) {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<Namespace> created = client.namespaces().runnableInformer(0)
                .itemStore(new ManagedFieldsStrippingStore<>());
        created.addEventHandler(handler);
        created.exceptionHandler((started, error) -> {
            LOG.warnf("namespace watch failed (%s), retrying: %s", started ? "after sync" : "before first sync", error.toString());
            return true;
        });
        informer = created;
        created.start().whenComplete((ignored, error) -> {
            if (error == null) {
                LOG.infof("namespace cache synced: %d namespaces", created.getStore().list().size());
            }
        });
    }

    /** Stops the informer. */
    public synchronized void stop() {
        if (informer != null) {
            informer.stop();
        }
    }

    @Override
    public boolean synced() {
        SharedIndexInformer<Namespace> current = informer;
        return current != null && current.hasSynced();
    }

    @Override
    public Optional<NamespaceView> namespace(String name) {
        SharedIndexInformer<Namespace> current = informer;
        if (current == null || name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.getStore().getByKey(name)).map(NamespaceView::of);
    }

    @Override
    public int activeCiNamespaces() {
        SharedIndexInformer<Namespace> current = informer;
        if (current == null) {
            return 0;
        }
        return (int) current.getStore().list().stream().map(NamespaceView::of)
                .filter(ns -> !ns.isTerminating() && CiScope.isCiNamespace(settings, ns.name(), ns.labels()))
                .count();
    }

    /** Names of the CI namespaces that are not terminating, for the periodic resync. */
    public java.util.List<String> activeCiNamespaceNames() {
        SharedIndexInformer<Namespace> current = informer;
        if (current == null) {
            return java.util.List.of();
        }
        return current.getStore().list().stream().map(NamespaceView::of)
                .filter(ns -> !ns.isTerminating() && CiScope.isCiNamespace(settings, ns.name(), ns.labels()))
                .map(NamespaceView::name)
                .toList();
    }
}
