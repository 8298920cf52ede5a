package io.ephemeralns.webhook.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import org.junit.jupiter.api.Test;

class ManagedFieldsStrippingStoreTest {

    @Test
    void keepsAnObjectWithoutItsManagedFields() {
        ManagedFieldsStrippingStore<Namespace> store = new ManagedFieldsStrippingStore<>();
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName("test-a").addToLabels("ttl", "1h")
                .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).endMetadata().build();

        store.put(store.getKey(namespace), namespace);

        Namespace kept = store.get("test-a");
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getMetadata().getLabels()).containsEntry("ttl", "1h");
    }

    @Test
    void keysNamespacedObjectsByNamespaceAndName() {
        ManagedFieldsStrippingStore<ResourceQuota> store = new ManagedFieldsStrippingStore<>();
        ResourceQuota quota = new ResourceQuotaBuilder().withNewMetadata().withNamespace("test-a").withName("quota")
                .endMetadata().build();

        assertThat(store.getKey(quota)).isEqualTo("test-a/quota");
    }
}
