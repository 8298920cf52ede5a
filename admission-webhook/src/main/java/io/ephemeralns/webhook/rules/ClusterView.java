package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.NamespaceView;
import java.util.Optional;

/**
 * What the rules may know about the cluster beyond the request: the namespace cache's state. A rule that
 * needs it and finds it unknown says so in a warning and decides safely, instead of failing the review.
 */
public interface ClusterView {

    /** True once the cache has listed the cluster's namespaces at least once. */
    boolean synced();

    /** The namespace as last seen, empty when unknown (not synced, or not seen yet). */
    Optional<NamespaceView> namespace(String name);

    /** How many CI namespaces exist that are not terminating; meaningful only when {@link #synced()}. */
    int activeCiNamespaces();

    /** A view that knows nothing: used before the cache has started. */
    ClusterView UNKNOWN = new ClusterView() {
        @Override
        public boolean synced() {
            return false;
        }

        @Override
        public Optional<NamespaceView> namespace(String name) {
            return Optional.empty();
        }

        @Override
        public int activeCiNamespaces() {
            return 0;
        }
    };
}
