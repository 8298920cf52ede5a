package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.webhook.config.WebhookSettings;
import io.ephemeralns.webhook.namespaces.NamespaceCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the isolation baseline in every CI namespace outside the admission path, by running
 * {@link BaselineReconciler#reconcile} from one {@link ReconcileQueue}: for events first ({@link BaselineTriggers}),
 * then as resync entries (after every event, and only on the replica holding the resync Lease,
 * {@link LeaseLeadership}): every CI namespace, each {@code webhook.resync-period} and when a replica becomes
 * leader, which also catches edits made while no webhook ran. Failures are retried with backoff; each result is
 * counted ({@link BaselineMetrics}) and the latest outcome is kept for {@link BaselineHealth}.
 *
 * <p>Everything starts in the background and retries, so start-up never waits for the API server; the queue starts
 * working once the namespace cache (which starts itself) has synced, and a resync is queued once the object caches
 * have synced (at most {@link #CACHE_WAIT} later). Until a kind's cache has synced, its objects are read by GET.
 * A change of an image pull secret's source ({@link PullSecretSources}) queues the namespaces that copy it.
 */
@ApplicationScoped
public class BaselineController {

    private static final Logger LOG = Logger.getLogger(BaselineController.class);
    /** How long the resync waits for the object caches before it works without them (one GET per object). */
    static final Duration CACHE_WAIT = Duration.ofSeconds(30);

    private final BaselineReconciler reconciler;
    private final NamespaceCache cache;
    private final BaselineObjectCache objects;
    private final LeaseLeadership leadership;
    private final BaselineMetrics metrics;
    private final PullSecretSources sources;
    private final DefaultServiceAccounts serviceAccounts;
    private ReconcileQueue queue;
    private volatile Instant started;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    @Inject
    public BaselineController(BaselineReconciler reconciler, NamespaceCache cache, BaselineObjectCache objects,
            LeaseLeadership leadership, BaselineMetrics metrics, PullSecretSources sources,
            DefaultServiceAccounts serviceAccounts) {
        this.reconciler = reconciler;
        this.cache = cache;
        this.objects = objects;
        this.leadership = leadership;
        this.metrics = metrics;
        this.sources = sources;
        this.serviceAccounts = serviceAccounts;
    }

    void onStart(@Observes @Priority(200) StartupEvent event, WebhookSettings settings, BaselineProfiles profiles) {
        started = Instant.now();
        queue = new ReconcileQueue(this::run, cache::synced, settings.retryInitial(), settings.retryMax());
        BaselineTriggers triggers = new BaselineTriggers(settings.shared(), queue);
        cache.addEventHandler(triggers);
        objects.start(profiles.kinds(), triggers::baselineObjectChanged);
        if (!profiles.pullSecretSources().isEmpty()) {
            objects.startCopies(profiles.pullSecretSources().stream().map(PullSecretRef::copyName).toList(),
                    triggers::baselineObjectChanged);
            sources.start(profiles.pullSecretSources(), source -> sourceChanged(source, profiles));
            serviceAccounts.start(this::enqueueUnlessApplied, queue::enqueue);
        }
        queue.every(settings.resyncPeriod(), this::resyncIfLeader);
        leadership.start(this::resyncAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        leadership.stop();
        objects.stop();
        sources.stop();
        serviceAccounts.stop();
        if (queue != null) {
            queue.shutdown();
        }
    }

    /** One step of the queue's worker: false (after logging) means "retry later". */
    private boolean run(String name) {
        ReconcileResult result;
        try {
            result = reconciler.reconcile(name);
            lastSuccess = Instant.now();
            lastError = null;
        } catch (RuntimeException e) {
            LOG.warnf("baseline of namespace %s not applied, will retry: %s", name, e.getMessage());
            lastError = name + ": " + e.getMessage();
            result = ReconcileResult.FAILED;
        }
        metrics.record(result);
        return result != ReconcileResult.FAILED && result != ReconcileResult.PULL_SECRET_MISSING;
    }

    /** A namespace whose ServiceAccount appeared waits for it if it is not marked yet; a marked one is resynced. */
    private void enqueueUnlessApplied(String name) {
        cache.namespace(name).filter(namespace -> !BaselineMark.isApplied(namespace)).ifPresent(namespace -> queue.enqueue(name));
    }

    /**
     * An image pull secret's source was created, rotated or deleted: the namespaces copying it that still wait for it
     * (unmarked, or with a reason) are queued as events on every replica; the others are re-synced by the leader.
     */
    private void sourceChanged(PullSecretRef source, BaselineProfiles profiles) {
        boolean leader = leadership.isLeader();
        for (String name : cache.activeCiNamespaceNames()) {
            cache.namespace(name).filter(namespace -> profiles.pullSecrets(namespace).contains(source)).ifPresent(namespace -> {
                if (!BaselineMark.isApplied(namespace) || namespace.annotations().containsKey(ProductKeys.BASELINE_REASON)) {
                    queue.enqueue(name);
                } else if (leader) {
                    queue.enqueueResync(name);
                }
            });
        }
    }

    /**
     * True when the object caches have synced, or have been given {@link #CACHE_WAIT} (a kind whose watch keeps
     * failing, e.g. for lack of RBAC, must not stop the resync for ever; its objects are then read by GET).
     */
    private boolean objectCachesReady() {
        if (objects.synced() && serviceAccounts.synced()) {
            return true;
        }
        if (Duration.between(started, Instant.now()).compareTo(CACHE_WAIT) > 0) {
            LOG.warnf("baseline object caches not synced after %s (%s): resyncing without them", CACHE_WAIT, objects.unsynced());
            return true;
        }
        return false;
    }

    private void resyncIfLeader() {
        if (leadership.isLeader()) {
            resyncAll();
        }
    }

    /**
     * Queues every active CI namespace for the resync, behind every event; waits for the caches first, so that a
     * resync never turns into one GET per object for lack of them.
     */
    private void resyncAll() {
        if (!cache.synced() || !objectCachesReady()) {
            queue.after(Duration.ofSeconds(1), this::resyncAll);
            return;
        }
        List<String> names = cache.activeCiNamespaceNames();
        names.forEach(queue::enqueueResync);
        LOG.debugf("resync of %d CI namespaces queued", names.size());
    }

    /** True when the namespace cache has synced and no namespace is waiting for a retry. */
    public boolean healthy() {
        return cache.synced() && queue != null && queue.failing() == 0;
    }

    /** Whether the namespace cache, which the queue waits for, has synced. */
    public boolean namespaceCacheSynced() {
        return cache.synced();
    }

    /** Namespaces waiting to be reconciled, events and resync entries. */
    public int waiting() {
        return queue == null ? 0 : queue.waiting();
    }

    /** Whether this replica runs the periodic resync. */
    public boolean resyncLeader() {
        return leadership.isLeader();
    }

    /** Namespaces waiting for a retry. */
    public int failing() {
        return queue == null ? 0 : queue.failing();
    }

    /** When a reconcile last succeeded, if ever. */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** The last failure, if the latest reconcile failed. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
