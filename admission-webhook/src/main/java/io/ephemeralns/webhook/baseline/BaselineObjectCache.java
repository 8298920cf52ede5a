package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.namespaces.ManagedFieldsStrippingStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * In-memory copies of the live baseline objects: one informer per kind the profiles hold, on the objects labelled
 * {@code ephemeral-ns.io/baseline=true} in every namespace (managedFields dropped, see
 * {@link ManagedFieldsStrippingStore}). The applier decides from these whether a namespace needs any API call
 * at all, so that a resync of thousands of unchanged namespaces costs no request.
 *
 * <p>A cache answers only for a kind whose informer has synced, and only "this labelled object, or none labelled":
 * an object without the label (created before the namespace became CI) is not in it, which the applier learns
 * when its create meets 409 AlreadyExists. Changes of content (anything {@link BaselineComparison} compares) and
 * deletions are reported to {@code onChange} with the namespace's name; status-only updates (a quota's usage) are not.
 * Image pull secret copies are cached by name ({@link #startCopies}): the webhook may not list Secrets otherwise.
 */
@Singleton
final class BaselineObjectCache {

    private static final Logger LOG = Logger.getLogger(BaselineObjectCache.class);

    /** What the cache knows about one object. */
    record Lookup(boolean known, Map<String, Object> object) {
        static final Lookup UNKNOWN = new Lookup(false, null);
    }

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new LinkedHashMap<>();

    @Inject
    BaselineObjectCache(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Starts one informer per kind, in the background; each retries for ever. */
    void start(Iterable<List<String>> kinds, Consumer<String> onChange) {
        for (List<String> kind : kinds) {
            watch(key(kind.get(0), kind.get(1)), kind.get(1), informer(kind.get(0), kind.get(1)), onChange);
        }
    }

    /**
     * Starts one informer per image pull secret copy name ({@link PullSecretRef#copyName()}): the labelled Secrets of
     * that name in every namespace, selected by a {@code metadata.name} field selector, so that RBAC with
     * {@code resourceNames} authorizes the list and watch, and the webhook can list no other Secret.
     */
    void startCopies(Iterable<String> copyNames, Consumer<String> onChange) {
        for (String name : copyNames) {
            SharedIndexInformer<Secret> informer = client.secrets().inAnyNamespace().withField("metadata.name", name)
                    .withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0);
            informer.itemStore(new ManagedFieldsStrippingStore<>());
            watch(key("v1", "Secret") + "/" + name, "Secret " + name, informer, onChange);
        }
    }

    private void watch(String key, String what, SharedIndexInformer<? extends HasMetadata> informer, Consumer<String> onChange) {
        informer.addEventHandler(new Changes<>(onChange));
        java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
        informer.exceptionHandler((started, error) -> {
            // once per kind at WARN (a missing RBAC rule fails every 2 s for ever), then at DEBUG
            if (reported.compareAndSet(false, true)) {
                LOG.warnf("watch of baseline %s objects failed, retrying (until it works, each reconcile reads them from"
                        + " the API server; check the webhook's RBAC for this kind): %s", what, error.toString());
            } else {
                LOG.debugf("watch of baseline %s objects failed again: %s", what, error.toString());
            }
            return true;
        });
        informers.put(key, informer);
        informer.start();
    }

    void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
    }

    /** True when every kind's informer has synced. */
    boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The cached labelled object, or that there is none, when the kind's cache has synced; else unknown. */
    Lookup lookup(String apiVersion, String kind, String namespace, String name) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.getOrDefault(key(apiVersion, kind),
                informers.get(key(apiVersion, kind) + "/" + name));
        if (informer == null || !informer.hasSynced()) {
            return Lookup.UNKNOWN;
        }
        HasMetadata object = informer.getStore().getByKey(namespace + "/" + name);
        return new Lookup(true, object == null ? null : asMap(object));
    }

    /** The object as a JSON-like map, as {@link BaselineComparison} reads it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap(HasMetadata object) {
        return serialization.convertValue(object, Map.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SharedIndexInformer<? extends HasMetadata> informer(String apiVersion, String kind) {
        Object sample = serialization.unmarshal("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\"}");
        SharedIndexInformer informer = sample instanceof GenericKubernetesResource
                ? client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
                        .withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0)
                : client.resources(((HasMetadata) sample).getClass()).inAnyNamespace()
                        .withLabel(ProductKeys.BASELINE_OBJECT, "true").runnableInformer(0);
        informer.itemStore(new ManagedFieldsStrippingStore<>());
        return informer;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }

    /** Names of the kinds whose cache has not synced (for the health check and the log). */
    List<String> unsynced() {
        List<String> result = new ArrayList<>();
        informers.forEach((key, informer) -> {
            if (!informer.hasSynced()) {
                result.add(key);
            }
        });
        return result;
    }

    private final class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {
        private final Consumer<String> onChange;

        Changes(Consumer<String> onChange) {
            this.onChange = onChange;
        }

        @Override
        public void onAdd(T object) {
            // created by the reconciler, or listed at start-up: the namespace's own events cover both
        }

        @Override
        public void onUpdate(T old, T object) {
            boolean deleting = old.getMetadata().getDeletionTimestamp() == null && object.getMetadata().getDeletionTimestamp() != null;
            if (deleting || !BaselineComparison.equal(asMap(old), asMap(object))) {
                onChange.accept(object.getMetadata().getNamespace());
            }
        }

        @Override
        public void onDelete(T object, boolean unknownFinalState) {
            onChange.accept(Optional.ofNullable(object.getMetadata()).map(m -> m.getNamespace()).orElse(null));
        }
    }
}
