package io.ephemeralns.webhook.namespaces;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.rules.ClusterView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The webhook's in-memory view of the cluster's namespaces: one informer on all namespaces (not only CI ones,
 * so that "known and not CI" differs from "not seen yet"; the CI rule, which may include a name pattern, is
 * applied in memory). Admission rules read it and never call the API server.
 *
 * <p>It starts itself at start-up, in the background, and retries for ever: the admission endpoints answer from
 * start-up even while the API server is unreachable, and the rules that need this state say so while
 * {@link #synced()} is false. Nothing else has to start first: admission does not wait for the baseline reconciler,
 * which only adds its own event handler ({@link #addEventHandler}).
 */
@ApplicationScoped
public class NamespaceCache implements ClusterView {

    private static final Logger LOG = Logger.getLogger(NamespaceCache.class);

    private final CiSettings settings;
    private final SharedIndexInformer<Namespace> informer;
    private boolean started;

    @Inject
    public NamespaceCache(KubernetesClient client, CiSettings settings) {
        this.settings = settings;
        this.informer = client.namespaces().runnableInformer(0).itemStore(new ManagedFieldsStrippingStore<>());
        informer.exceptionHandler((afterSync, error) -> {
            LOG.warnf("namespace watch failed (%s), retrying: %s", afterSync ? "after sync" : "before first sync", error.toString());
            return true;
        });
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the informer without waiting for it; a second call does nothing. */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        informer.start().whenComplete((ignored, error) -> {
            if (error == null) {
                LOG.infof("namespace cache synced: %d namespaces", informer.getStore().list().size());
            }
        });
    }

    /** Stops the informer, if it was started. */
    synchronized void stop() {
        if (started) {
            informer.stop();
        }
    }

    /**
     * Sends every namespace event to {@code handler}, also when the informer runs already: it then first gets an
     * add for every namespace the cache holds.
     */
    public void addEventHandler(ResourceEventHandler<Namespace> handler) {
        informer.addEventHandler(handler);
    }

    @Override
    public boolean synced() {
        return informer.hasSynced();
    }

    @Override
    public Optional<NamespaceView> namespace(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.getStore().getByKey(name)).map(NamespaceView::of);
    }

    @Override
    public int activeCiNamespaces() {
        return (int) activeCi().count();
    }

    /** Names of the CI namespaces that are not terminating, for the periodic resync. */
    public List<String> activeCiNamespaceNames() {
        return activeCi().map(NamespaceView::name).toList();
    }

    private Stream<NamespaceView> activeCi() {
        return informer.getStore().list().stream().map(NamespaceView::of)
                .filter(namespace -> ActiveCiNamespace.is(settings, namespace));
    }
}
