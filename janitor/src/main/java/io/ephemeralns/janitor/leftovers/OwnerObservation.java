package io.ephemeralns.janitor.leftovers;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceSource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link OwnerMemory} from the janitor's namespaces: every admitted CI namespace the source holds now is
 * remembered with its UID and creation time; remembered ones no longer there are missing from now on.
 *
 * @param memory   where it is remembered
 * @param source   the janitor's namespaces (the watch-fed cache: no request; or a listing)
 * @param ready    whether the source holds every namespace (a cache before its first list does not: skipped then)
 * @param admitted whether the janitor may act on a namespace (an admitted CI namespace, not protected)
 * @param clock    now
 */
public record OwnerObservation(OwnerMemory memory, NamespaceSource source, BooleanSupplier ready,
        Predicate<NamespaceView> admitted, Clock clock) {

    private static final Logger LOG = Logger.getLogger(OwnerObservation.class);

    /** Observes once; returns the source's requests (0 when skipped or failed: the next observation tries again). */
    public int observe() {
        if (!ready.getAsBoolean()) {
            return 0;
        }
        Map<String, OwnerMemory.Owner> alive = new HashMap<>();
        try {
            int requests = source.scan(namespace -> {
                if (namespace.uid() != null && namespace.created().isPresent() && admitted.test(namespace)) {
                    alive.put(namespace.name(), new OwnerMemory.Owner(namespace.uid(), namespace.created().get(), null));
                }
            }, alive::clear);
            memory.observe(alive, clock.instant());
            return requests;
        } catch (KubernetesClientException e) {
            LOG.errorf("leftovers: cannot read the namespaces to remember (HTTP %d): %s", e.getCode(), e.getMessage());
            return 0;
        }
    }
}
