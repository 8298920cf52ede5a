package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the isolation baseline in every CI namespace, exactly as its profile says, outside the admission path.
 *
 * <p>Triggers, as events (handled first, by every replica): a CI namespace appears, becomes CI, changes profile or
 * lacks {@code baseline=applied} (namespace informer); a baseline object (any kind of the profiles, labelled
 * {@code ephemeral-ns.io/baseline=true}) is deleted or its content is edited ({@link BaselineObjectCache}). As
 * resync entries (after every event, and only on the replica holding the resync Lease, {@link LeaseLeadership}):
 * every CI namespace, each {@code webhook.resync-period} and when a replica becomes leader, which also catches edits
 * made while no webhook ran. Terminating namespaces are left alone.
 *
 * <p>Each reconcile compares every live object with its desired object ({@link BaselineComparison}) and repairs
 * only what differs ({@link BaselineApplier}); a namespace that already equals its profile costs no API call, so a
 * resync of thousands of namespaces is a walk through memory. Then the namespace is marked. Failures are retried with
 * backoff. Everything starts in the background and retries, so start-up never waits for the API server; the queue
 * starts working once the namespace cache has synced, and a resync is queued once the object caches have synced
 * (at most {@link #CACHE_WAIT} later). Until a kind's cache has synced, its objects are read by GET.
 *
 * <p>A namespace whose profile label names an unknown profile (possible only when the profiles file changed after
 * it was admitted: the validating webhook refuses unknown profiles) gets the {@code default} profile, a warning in
 * the log and the result {@code unknown_profile}: isolation matters more than the exact profile.
 */
@ApplicationScoped
public class BaselineReconciler {

    private static final Logger LOG = Logger.getLogger(BaselineReconciler.class);
    /** How long the resync waits for the object caches before it works without them (one GET per object). */
    static final Duration CACHE_WAIT = Duration.ofSeconds(30);

    /** Outcomes, the {@code result} tag of {@code ephemeral_ns_baseline_reconciles_total}. */
    public enum Result {
        /** Objects were created or repaired, or the namespace was marked. */
        APPLIED,
        /** Every object already equalled its profile and the namespace was marked: no API call. */
        UNCHANGED,
        /** The namespace asked for an unknown profile and got the default one. */
        UNKNOWN_PROFILE,
        /** Not a CI namespace (any more), terminating, or gone. */
        SKIPPED,
        /** An API call failed; retried with backoff. */
        FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final KubernetesClient client;
    private final NamespaceCache cache;
    private final BaselineProfiles profiles;
    private final BaselineApplier applier;
    private final CiSettings settings;
    private final WebhookConfig config;
    private final MeterRegistry registry;
    private final LeaseLeadership leadership;
    private final BaselineObjectCache objects;
    private ReconcileQueue queue;
    private volatile Instant started;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    @Inject
    public BaselineReconciler(KubernetesClient client, NamespaceCache cache, BaselineProfiles profiles,
            BaselineApplier applier, CiSettings settings, WebhookConfig config, MeterRegistry registry,
            LeaseLeadership leadership) {
        this.client = client;
        this.cache = cache;
        this.profiles = profiles;
        this.applier = applier;
        this.settings = settings;
        this.config = config;
        this.registry = registry;
        this.leadership = leadership;
        this.objects = new BaselineObjectCache(client.getKubernetesSerialization());
        for (Result result : Result.values()) {
            counter(result); // export every result from the start, at 0
        }
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        started = Instant.now();
        queue = new ReconcileQueue(name -> reconcile(name) != Result.FAILED, cache::synced,
                config.retryInitial(), config.retryMax());
        cache.start(new NamespaceEvents());
        objects.start(client, profiles.kinds(), namespace -> queue.enqueue(namespace));
        queue.every(config.resyncPeriod(), this::resyncIfLeader);
        leadership.start(this::resyncAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        leadership.stop();
        objects.stop();
        cache.stop();
        if (queue != null) {
            queue.shutdown();
        }
    }

    /**
     * True when the object caches have synced, or have been given {@link #CACHE_WAIT} (a kind whose watch keeps
     * failing, e.g. for lack of RBAC, must not stop the resync for ever; its objects are then read by GET).
     */
    private boolean objectCachesReady() {
        if (objects.synced()) {
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

    /** Reconciles one namespace now (called by the queue's worker). */
    Result reconcile(String name) {
        Result result;
        try {
            result = reconcileOnce(name);
            lastSuccess = Instant.now();
            lastError = null;
        } catch (RuntimeException e) {
            LOG.warnf("baseline of namespace %s not applied, will retry: %s", name, e.getMessage());
            lastError = name + ": " + e.getMessage();
            result = Result.FAILED;
        }
        counter(result).increment();
        return result;
    }

    private Result reconcileOnce(String name) {
        Optional<NamespaceView> found = cache.namespace(name);
        if (found.isEmpty()) {
            return Result.SKIPPED;
        }
        NamespaceView namespace = found.get();
        if (!inScope(namespace, settings)) {
            return Result.SKIPPED;
        }
        BaselinePlan plan = profiles.plan(namespace);
        if (plan.fellBack()) {
            LOG.warnf("namespace %s asks for baseline profile %s, which %s does not define: applying %s",
                    name, plan.requestedProfile(), profiles.file(), plan.profile());
        }
        Map<RepairAction, Integer> actions = applier.apply(plan, objects);
        boolean changed = actions.keySet().stream().anyMatch(action -> action != RepairAction.NONE);
        boolean marked = "applied".equals(namespace.annotation(ProductKeys.BASELINE));
        if (!marked) {
            applier.markApplied(name);
            LOG.infof("baseline profile %s applied to namespace %s (%d objects: %s)", plan.profile(), name,
                    plan.objects().size(), actions);
        }
        if (plan.fellBack()) {
            return Result.UNKNOWN_PROFILE;
        }
        return changed || !marked ? Result.APPLIED : Result.UNCHANGED;
    }

    /** Whether the reconciler keeps a baseline in this namespace: a CI namespace that is not terminating. */
    static boolean inScope(NamespaceView namespace, CiSettings settings) {
        return !namespace.isTerminating() && CiScope.isCiNamespace(settings, namespace.name(), namespace.labels());
    }

    /** True when the namespace cache has synced and no namespace is waiting for a retry. */
    public boolean healthy() {
        return cache.synced() && queue != null && queue.failing() == 0;
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

    private Counter counter(Result result) {
        return Counter.builder("ephemeral.ns.baseline.reconciles")
                .description("Baseline reconciles of CI namespaces, by result")
                .tag("result", result.tag()).register(registry);
    }

    private final class NamespaceEvents implements ResourceEventHandler<Namespace> {
        @Override
        public void onAdd(Namespace namespace) {
            // a namespace already marked is checked by the leader's resync; one not marked yet waits for its baseline
            NamespaceView view = NamespaceView.of(namespace);
            if (needsBaseline(view) && !"applied".equals(view.annotation(ProductKeys.BASELINE))) {
                queue.enqueue(view.name());
            }
        }

        @Override
        public void onUpdate(Namespace before, Namespace after) {
            NamespaceView old = NamespaceView.of(before);
            NamespaceView view = NamespaceView.of(after);
            boolean wasCi = CiScope.isCiNamespace(settings, old.name(), old.labels());
            if (needsBaseline(view) && (!wasCi || !"applied".equals(view.annotation(ProductKeys.BASELINE))
                    || !Objects.equals(old.label(ProductKeys.PROFILE), view.label(ProductKeys.PROFILE)))) {
                queue.enqueue(view.name());
            }
        }

        @Override
        public void onDelete(Namespace namespace, boolean unknownFinalState) {
            queue.forget(namespace.getMetadata().getName());
        }

        private boolean needsBaseline(NamespaceView view) {
            return inScope(view, settings);
        }
    }
}
