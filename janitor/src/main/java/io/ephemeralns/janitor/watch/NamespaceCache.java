package io.ephemeralns.janitor.watch;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceSource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The CI namespaces' metadata as the watches last saw them, one map per listing of the scope
 * ({@link io.ephemeralns.janitor.kube.NamespaceListing}), by name. Every change is told to a listener by name (the
 * due queue re-keys the namespace). A namespace moving between the two listings (its {@code managed=true} label set
 * or removed) may briefly be in both, or in neither, as the two watches deliver independently: {@link #get} prefers
 * the managed listing's copy, a namespace in neither waits for its ADDED event or the next re-list.
 *
 * <p>As a {@link NamespaceSource} the cache costs no API request; it is not scanned before every listing has been
 * listed once, so that a sweep never plans from a partial picture.
 */
public final class NamespaceCache implements NamespaceSource {

    private final List<Map<String, NamespaceView>> listings = new ArrayList<>();
    private final boolean[] synced;
    private final Duration syncWait;
    private volatile Consumer<String> listener = name -> { };

    /**
     * @param listings how many listings feed the cache (two: see {@code NamespaceListing.of})
     * @param syncWait how long a scan waits for the first lists (a sweep right after start-up)
     */
    public NamespaceCache(int listings, Duration syncWait) {
        this.syncWait = syncWait;
        for (int i = 0; i < listings; i++) {
            this.listings.add(new ConcurrentHashMap<>());
        }
        this.synced = new boolean[listings];
    }

    /** Who hears of each changed name (set once, before the watches start). */
    public void listen(Consumer<String> changed) {
        this.listener = changed;
    }

    /** Replaces a listing's content with a fresh list; every name that changed or went is told. */
    public void replace(int listing, Map<String, NamespaceView> listed) {
        Map<String, NamespaceView> map = listings.get(listing);
        Set<String> touched = new HashSet<>();
        for (String name : map.keySet()) {
            if (!listed.containsKey(name)) {
                map.remove(name);
                touched.add(name);
            }
        }
        listed.forEach((name, namespace) -> {
            if (!namespace.equals(map.put(name, namespace))) {
                touched.add(name);
            }
        });
        synchronized (synced) {
            synced[listing] = true;
            synced.notifyAll();
        }
        touched.forEach(listener);
    }

    /** An ADDED or MODIFIED event of a listing. */
    public void put(int listing, NamespaceView namespace) {
        listings.get(listing).put(namespace.name(), namespace);
        listener.accept(namespace.name());
    }

    /** A DELETED event of a listing. */
    public void remove(int listing, String name) {
        if (listings.get(listing).remove(name) != null) {
            listener.accept(name);
        }
    }

    /** The namespace as last seen, the managed listing's copy first. */
    public Optional<NamespaceView> get(String name) {
        for (int i = listings.size() - 1; i >= 0; i--) {
            NamespaceView namespace = listings.get(i).get(name);
            if (namespace != null) {
                return Optional.of(namespace);
            }
        }
        return Optional.empty();
    }

    /** Whether every listing has been listed at least once. */
    public boolean synced() {
        synchronized (synced) {
            for (boolean done : synced) {
                if (!done) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits up to {@code millis} for every listing to have been listed once; true when it has. */
    public boolean awaitSynced(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (synced) {
            while (!synced()) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                synced.wait(left);
            }
            return true;
        }
    }

    /** Namespaces cached, over all listings. */
    public int size() {
        return listings.stream().mapToInt(Map::size).sum();
    }

    /**
     * Feeds each cached namespace once to {@code sink} (never restarts); no API request.
     *
     * @throws KubernetesClientException (503) when the first list of every listing has not completed within
     *                                   {@code syncWait}
     */
    @Override
    public int scan(Consumer<NamespaceView> sink, Runnable restart) {
        try {
            if (!awaitSynced(syncWait.toMillis())) {
                throw new KubernetesClientException("the namespace cache is not filled yet (first list still running"
                        + " or failing)", 503, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted waiting for the namespace cache", e);
        }
        Set<String> seen = new HashSet<>();
        for (int i = listings.size() - 1; i >= 0; i--) {
            for (NamespaceView namespace : listings.get(i).values()) {
                if (seen.add(namespace.name())) {
                    sink.accept(namespace);
                }
            }
        }
        return 0;
    }
}
