package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps the isolation baseline in every CI namespace, outside the admission path.
 *
 * <p>Triggers: a CI namespace appears, becomes CI, changes profile or lacks {@code baseline=applied} (namespace
 * informer); a baseline object (ResourceQuota, LimitRange, NetworkPolicy labelled {@code ephemeral-ns.io/baseline=true})
 * is deleted or its spec or labels are edited (watches on those kinds); and a periodic resync of every CI namespace
 * ({@code webhook.resync-period}), which also repairs objects of other kinds that a custom profile may hold.
 * Terminating namespaces are left alone. Each reconcile applies the namespace's plan by server-side apply and then
 * marks it; failures are retried with backoff. Everything starts in the background and retries, so start-up never
 * waits for the API server.
 *
 * <p>A namespace whose profile label names an unknown profile (possible only when the profiles file changed after
 * it was admitted: the validating webhook refuses unknown profiles) gets the {@code default} profile, a warning in
 * the log and the result {@code unknown_profile}: isolation matters more than the exact profile.
 */
@ApplicationScoped
public class BaselineReconciler {

    private static final Logger LOG = Logger.getLogger(BaselineReconciler.class);

    /** Outcomes, the {@code result} tag of {@code ephemeral_ns_baseline_reconciles_total}. */
    public enum Result { APPLIED, UNKNOWN_PROFILE, SKIPPED, FAILED;
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
    private final List<SharedIndexInformer<?>> objectInformers = new ArrayList<>();
    private ReconcileQueue queue;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    @Inject
    public BaselineReconciler(KubernetesClient client, NamespaceCache cache, BaselineProfiles profiles,
            BaselineApplier applier, CiSettings settings, WebhookConfig config, MeterRegistry registry) {
        this.client = client;
        this.cache = cache;
        this.profiles = profiles;
        this.applier = applier;
        this.settings = settings;
        this.config = config;
        this.registry = registry;
        for (Result result : Result.values()) {
            counter(result); // export every result from the start, at 0
        }
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        queue = new ReconcileQueue(name -> reconcile(name) != Result.FAILED, config.retryInitial(), config.retryMax());
        cache.start(new NamespaceEvents());
        watch(client.resourceQuotas().inAnyNamespace().withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0),
                ResourceQuota::getSpec);
        watch(client.limitRanges().inAnyNamespace().withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0),
                LimitRange::getSpec);
        watch(client.network().v1().networkPolicies().inAnyNamespace()
                .withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0), NetworkPolicy::getSpec);
        queue.every(config.resyncPeriod(), () -> cache.activeCiNamespaceNames().forEach(queue::enqueue));
    }

    void onStop(@Observes ShutdownEvent event) {
        objectInformers.forEach(SharedIndexInformer::stop);
        cache.stop();
        if (queue != null) {
            queue.shutdown();
        }
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
        applier.apply(plan);
        if (!"applied".equals(namespace.annotation(ProductKeys.BASELINE))) {
            applier.markApplied(name);
            LOG.infof("baseline profile %s applied to namespace %s (%d objects)", plan.profile(), name, plan.objects().size());
        }
        return plan.fellBack() ? Result.UNKNOWN_PROFILE : Result.APPLIED;
    }

    /** Whether the reconciler keeps a baseline in this namespace: a CI namespace that is not terminating. */
    static boolean inScope(NamespaceView namespace, CiSettings settings) {
        return !namespace.isTerminating() && CiScope.isCiNamespace(settings, namespace.name(), namespace.labels());
    }

    /** True when the namespace cache has synced and no namespace is waiting for a retry. */
    public boolean healthy() {
        return cache.synced() && queue != null && queue.failing() == 0;
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

    private <T extends HasMetadata> void watch(SharedIndexInformer<T> informer, Function<T, Object> spec) {
        informer.itemStore(new ManagedFieldsStrippingStore<>());
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                // created by us: nothing to repair
            }

            @Override
            public void onUpdate(T old, T object) {
                if (!Objects.equals(spec.apply(old), spec.apply(object))
                        || !Objects.equals(old.getMetadata().getLabels(), object.getMetadata().getLabels())) {
                    queue.enqueue(object.getMetadata().getNamespace());
                }
            }

            @Override
            public void onDelete(T object, boolean unknownFinalState) {
                queue.enqueue(object.getMetadata().getNamespace());
            }
        });
        informer.exceptionHandler((started, error) -> {
            LOG.warnf("baseline object watch failed, retrying: %s", error.toString());
            return true;
        });
        objectInformers.add(informer);
        informer.start();
    }

    private final class NamespaceEvents implements ResourceEventHandler<Namespace> {
        @Override
        public void onAdd(Namespace namespace) {
            NamespaceView view = NamespaceView.of(namespace);
            if (needsBaseline(view)) {
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
