package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceCacheTest {

    private static final int UNMANAGED = 0;
    private static final int MANAGED = 1;

    @Test
    void refusesToBeScannedBeforeEveryListingWasListed() throws Exception {
        NamespaceCache cache = new NamespaceCache(2, Duration.ZERO);
        cache.replace(MANAGED, Map.of("a", ns("a", "1")));

        assertThat(cache.awaitSynced(1)).isFalse();
        assertThatThrownBy(() -> cache.scan(namespace -> { }, () -> { }))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    }

    @Test
    void scansEachNamespaceOnceWithoutRequestPreferringTheManagedCopy() {
        NamespaceCache cache = new NamespaceCache(2, Duration.ZERO);
        cache.replace(UNMANAGED, Map.of("moving", ns("moving", "old"), "plain", ns("plain", "1")));
        cache.replace(MANAGED, Map.of("moving", ns("moving", "new")));
        List<NamespaceView> seen = new ArrayList<>();

        assertThat(cache.scan(seen::add, () -> { })).isZero();

        assertThat(seen).extracting(NamespaceView::name).containsExactlyInAnyOrder("moving", "plain");
        assertThat(cache.get("moving")).map(NamespaceView::uid).contains("new");
    }

    @Test
    void tellsTheListenerOfEveryChangedAddedOrRemovedName() {
        NamespaceCache cache = new NamespaceCache(1, Duration.ZERO);
        List<String> told = new ArrayList<>();
        cache.replace(0, Map.of("same", ns("same", "1"), "changed", ns("changed", "1"), "gone", ns("gone", "1")));
        cache.listen(told::add);

        cache.replace(0, Map.of("same", ns("same", "1"), "changed", ns("changed", "2"), "new", ns("new", "1")));
        cache.put(0, ns("event", "1"));
        cache.remove(0, "same");

        assertThat(told).containsExactlyInAnyOrder("changed", "new", "gone", "event", "same");
        assertThat(cache.get("gone")).isEmpty();
        assertThat(cache.size()).isEqualTo(3);
    }

    private static NamespaceView ns(String name, String uid) {
        return new NamespaceView(name, uid, Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }
}
