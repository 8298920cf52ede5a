package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.namespaces.ManagedFieldsStrippingStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The image pull secrets' sources, as the webhook last saw them: one informer per source Secret, each listing and
 * watching exactly that Secret (a {@code metadata.name} field selector in its namespace), which is all RBAC grants:
 * a Role with {@code resourceNames} authorizes a list or watch only when it carries that field selector. A change
 * (created, rotated, replaced, deleted) is reported to {@code onChange}, which queues the namespaces using it.
 *
 * <p>Until a source's informer has synced (or while RBAC refuses it), {@link #read} falls back to a GET, which fails
 * as the watch does and so makes the reconcile retry with backoff. Also exports
 * {@code ephemeral_ns_baseline_pull_secret_missing{source="<namespace>/<name>"}}: 1 while the source is missing or
 * of a type the kubelet does not read ({@link ImagePullSecrets#ACCEPTED_TYPES}), 0 when it can be copied, NaN until
 * its informer has synced. The label's values are the configured sources: a bounded set.
 */
@Singleton
class PullSecretSources {

    private static final Logger LOG = Logger.getLogger(PullSecretSources.class);

    private final KubernetesClient client;
    private final MeterRegistry registry;
    private final Map<PullSecretRef, SharedIndexInformer<Secret>> informers = new LinkedHashMap<>();

    @Inject
    PullSecretSources(KubernetesClient client, MeterRegistry registry) {
        this.client = client;
        this.registry = registry;
    }

    /** Starts one informer per source, in the background; each retries for ever. */
    void start(Iterable<PullSecretRef> sources, Consumer<PullSecretRef> onChange) {
        for (PullSecretRef ref : sources) {
            SharedIndexInformer<Secret> informer = client.secrets().inNamespace(ref.namespace()).withName(ref.name())
                    .runnableInformer(0);
            informer.itemStore(new ManagedFieldsStrippingStore<>());
            informer.addEventHandler(new Changes(ref, onChange));
            AtomicBoolean reported = new AtomicBoolean();
            informer.exceptionHandler((started, error) -> {
                if (reported.compareAndSet(false, true)) {
                    LOG.warnf("cannot watch image pull secret %s (retrying; its copies wait): %s", ref, error.toString());
                }
                return true;
            });
            informers.put(ref, informer);
            Gauge.builder("ephemeral.ns.baseline.pull.secret.missing", this, self -> self.missing(ref))
                    .description("1 while an image pull secret's source is missing or of a wrong type, 0 when it can be"
                            + " copied, NaN until watched")
                    .tag("source", ref.toString()).register(registry);
            informer.start();
        }
    }

    void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
    }

    /**
     * The source as last seen (empty: it does not exist), from its informer once synced, else by GET.
     *
     * @throws RuntimeException when the GET fails (no RBAC, API server down): the reconcile is retried
     */
    Optional<Secret> read(PullSecretRef ref) {
        SharedIndexInformer<Secret> informer = informers.get(ref);
        if (informer != null && informer.hasSynced()) {
            return Optional.ofNullable(informer.getStore().getByKey(ref.toString()));
        }
        return Optional.ofNullable(client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get());
    }

    private double missing(PullSecretRef ref) {
        SharedIndexInformer<Secret> informer = informers.get(ref);
        if (informer == null || !informer.hasSynced()) {
            return Double.NaN;
        }
        Secret secret = informer.getStore().getByKey(ref.toString());
        return secret != null && ImagePullSecrets.ACCEPTED_TYPES.contains(secret.getType()) ? 0 : 1;
    }

    private static final class Changes implements ResourceEventHandler<Secret> {
        private final PullSecretRef ref;
        private final Consumer<PullSecretRef> onChange;

        Changes(PullSecretRef ref, Consumer<PullSecretRef> onChange) {
            this.ref = ref;
            this.onChange = onChange;
        }

        @Override
        public void onAdd(Secret secret) {
            onChange.accept(ref);
        }

        @Override
        public void onUpdate(Secret before, Secret after) {
            if (!java.util.Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                onChange.accept(ref);
            }
        }

        @Override
        public void onDelete(Secret secret, boolean unknownFinalState) {
            onChange.accept(ref);
        }
    }
}
