package io.ephemeralns.janitor.watch;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.NamespaceListing;
import io.ephemeralns.janitor.kube.NamespaceWatch;
import io.ephemeralns.janitor.kube.NamespaceWatch.NamespaceEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Keeps one listing of the {@link NamespaceCache} current: list (metadata only, the same {@link NamespaceLister} as
 * the one-shot sweep), then watch from the list's resourceVersion with bookmarks, again and again, each watch
 * request ended by the server after 5 to 10 minutes (spread, as client-go's reflector does, so that replicas do not
 * reconnect together). It lists again when the server says the resourceVersion is too old (410 Gone, also as an
 * ERROR event), when a watch fails (after a {@link Backoff} of 1 s doubling up to 30 s, reset only by a watch that
 * ran: a list that works while every watch is refused does not reset it), and every
 * {@code relistInterval} as a safety net against a missed event.
 *
 * @param index          which of the lister's listings, and the place of its map in the cache
 * @param relistInterval time between two lists while the watch never fails
 */
public record ListWatch(NamespaceLister lister, NamespaceWatch watch, int index, NamespaceCache cache,
        Duration relistInterval) implements Runnable {

    private static final Logger LOG = Logger.getLogger(ListWatch.class);
    private NamespaceListing listing() {
        return lister.listings().get(index);
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String version = relist();
                watchUntilRelist(version, System.nanoTime() + relistInterval.toNanos(), backoff);
            } catch (InterruptedException e) {
                return;
            } catch (KubernetesClientException | IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Duration wait = backoff.failed();
                LOG.warnf("namespaces [%s]: list or watch failed (%s); listing again in %d s", listing(), e.getMessage(),
                        wait.toSeconds());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Lists the whole listing into the cache; returns its resourceVersion. */
    private String relist() throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Map<String, NamespaceView> listed = new HashMap<>();
            try {
                NamespaceLister.Listed result = lister.list(listing(), namespace -> listed.put(namespace.name(), namespace));
                cache.replace(index, listed);
                LOG.debugf("namespaces [%s]: listed %d in %d requests", listing(), listed.size(), result.requests());
                return result.resourceVersion();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Watches, one request after the other, until the relist is due, the version expired or the watch failed; each
     * watch request the server ended normally is a success of the {@code backoff}.
     */
    private void watchUntilRelist(String listed, long relistAt, Backoff backoff) throws InterruptedException, IOException {
        String[] version = {listed};
        boolean[] expired = {false};
        while (!Thread.currentThread().isInterrupted() && !expired[0] && System.nanoTime() < relistAt) {
            long timeout = Math.min(ThreadLocalRandom.current().nextLong(300, 600),
                    Math.max(1, (relistAt - System.nanoTime()) / 1_000_000_000L));
            watch.run(listing(), version[0], timeout, event -> {
                switch (event.type()) {
                    case ADDED, MODIFIED -> {
                        if (listing().accepts(event.namespace())) {
                            cache.put(index, event.namespace());
                        } else {
                            cache.remove(index, event.namespace().name());
                        }
                    }
                    case DELETED -> cache.remove(index, event.namespace().name());
                    case BOOKMARK -> { }
                    case ERROR -> {
                        if (event.code() != 410) {
                            throw new KubernetesClientException("watch error " + event.code() + ": " + event.message(),
                                    event.code(), null);
                        }
                        LOG.infof("namespaces [%s]: watch expired (410 Gone); listing again", listing());
                        expired[0] = true;
                        watch.close();
                    }
                }
                if (event.resourceVersion() != null) {
                    version[0] = event.resourceVersion();
                }
            });
            if (!expired[0]) {
                backoff.succeeded();
            }
            watch.reopen();
        }
    }

    /** Ends the running watch request; the loop ends when its owner interrupts the thread. */
    public void stop() {
        watch.close();
    }
}
