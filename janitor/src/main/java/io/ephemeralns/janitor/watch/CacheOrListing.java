package io.ephemeralns.janitor.watch;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.NamespaceSource;
import java.util.function.Consumer;

/**
 * The namespaces now, without waiting: the watch-fed cache once it has synced (no request), else a metadata listing.
 * For the readers that must answer at once: the report of a replica that does not sweep and the storage scan. The
 * sweep and the leftovers wait for the cache instead, since they act on what it says.
 */
public final class CacheOrListing implements NamespaceSource {

    private final boolean watch;
    private final NamespaceCache cache;
    private final NamespaceLister lister;

    /** @param watch {@code janitor.watch}: whether the cache is fed at all */
    public CacheOrListing(boolean watch, NamespaceCache cache, NamespaceLister lister) {
        this.watch = watch;
        this.cache = cache;
        this.lister = lister;
    }

    @Override
    public int scan(Consumer<NamespaceView> sink, Runnable restart) {
        return (watch && cache.synced() ? cache : lister).scan(sink, restart);
    }
}
