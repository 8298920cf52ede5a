package io.ephemeralns.janitor.leftovers;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the janitor saw of each admitted CI namespace while it lived: its UID and creation time (from the API server),
 * and since when it has been missing. This is the evidence that a labelled object belongs to its owner namespace: an
 * object created before the namespace cannot be the namespace's, whatever its label says; the object's own labels and
 * annotations are never trusted for it, since whoever may update the object may write them.
 *
 * <p>Fed from the namespaces the janitor already has (the watch-fed cache: no request), so a namespace that lived
 * between two observations is not known, and neither is one that went while no janitor ran: their leftovers are
 * reported {@code unverified}, never deleted. Memory only, bounded: a namespace missing for longer than the grace is
 * forgotten once no listed object names it. Thread-safe.
 */
public final class OwnerMemory {

    /**
     * One namespace as seen.
     *
     * @param uid       its UID
     * @param created   its creationTimestamp
     * @param goneSince when the janitor first found it missing; null while it lives
     */
    public record Owner(String uid, Instant created, Instant goneSince) {
    }

    private final Map<String, Owner> owners = new HashMap<>();

    /**
     * Records one observation: {@code alive} are the admitted CI namespaces that exist now (name to UID and creation);
     * every remembered namespace not among them is missing from now on (its first missing time is kept).
     */
    public synchronized void observe(Map<String, Owner> alive, Instant now) {
        alive.forEach((name, seen) -> owners.put(name, new Owner(seen.uid(), seen.created(), null)));
        owners.replaceAll((name, owner) -> alive.containsKey(name) || owner.goneSince() != null ? owner
                : new Owner(owner.uid(), owner.created(), now));
    }

    /** Records that a namespace was found missing (a 404), keeping an earlier missing time. */
    public synchronized void missing(String name, Instant now) {
        owners.computeIfPresent(name, (key, owner) -> owner.goneSince() != null ? owner
                : new Owner(owner.uid(), owner.created(), now));
    }

    /** What is remembered of a namespace. */
    public synchronized Optional<Owner> get(String name) {
        return Optional.ofNullable(owners.get(name));
    }

    /** Forgets namespaces missing since before {@code before} that no listed object names any more. */
    public synchronized void forget(Instant before, Set<String> named) {
        owners.entrySet().removeIf(entry -> entry.getValue().goneSince() != null
                && entry.getValue().goneSince().isBefore(before) && !named.contains(entry.getKey()));
    }

    /** How many namespaces are remembered. */
    public synchronized int size() {
        return owners.size();
    }
}
