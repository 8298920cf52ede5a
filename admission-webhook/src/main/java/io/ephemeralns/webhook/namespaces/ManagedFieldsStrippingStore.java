package io.ephemeralns.webhook.namespaces;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that drops {@code metadata.managedFields} before keeping an object. Nothing in the webhook
 * reads them, and they are often the largest part of an object: on a cluster with 10,000 CI namespaces (and a
 * quota, limit range and network policies in each) they would be most of the caches' heap. controller-runtime
 * strips them the same way ({@code cache.TransformStripManagedFields}).
 *
 * <p>Keys are fabric8's default ({@code namespace/name}, or the name of a cluster-scoped object), so lookups
 * by key work as with the informer's own store.
 */
public final class ManagedFieldsStrippingStore<T extends HasMetadata> extends BasicItemStore<T> {

    public ManagedFieldsStrippingStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return super.put(key, object);
    }
}
