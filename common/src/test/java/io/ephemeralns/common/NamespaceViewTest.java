package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceViewTest {

    @Test
    void readsNameUidTimestampsLabelsAndAnnotationsOfAnApiObject() {
        Namespace namespace = new NamespaceBuilder().withNewMetadata()
                .withName("test-a").withUid("u1")
                .withCreationTimestamp("2026-11-26T10:00:00Z").withDeletionTimestamp("2026-11-26T11:00:00Z")
                .addToLabels("ttl", "1h").addToAnnotations(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z")
                .endMetadata().build();
        NamespaceView view = NamespaceView.of(namespace);
        assertThat(view.name()).isEqualTo("test-a");
        assertThat(view.uid()).isEqualTo("u1");
        assertThat(view.created()).contains(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(view.deleting()).contains(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(view.isTerminating()).isTrue();
        assertThat(view.label("ttl")).isEqualTo("1h");
        assertThat(view.annotation(ProductKeys.EXPIRES_AT)).isEqualTo("2026-11-26T11:00:00Z");
    }

    @Test
    void missingMetadataMapsAndTimestampsBecomeEmpty() {
        NamespaceView view = NamespaceView.of(new Namespace());
        assertThat(view.labels()).isEmpty();
        assertThat(view.annotations()).isEmpty();
        assertThat(view.created()).isEmpty();
        assertThat(view.isTerminating()).isFalse();
    }

    @Test
    void labelsWithNullValuesAreDropped() {
        Map<String, String> labels = new HashMap<>();
        labels.put("keep", null);
        labels.put("ttl", "1h");
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName("a").withLabels(labels).endMetadata().build();
        assertThat(NamespaceView.of(namespace).labels()).containsOnlyKeys("ttl");
    }
}
