package io.ephemeralns.janitor.leftovers;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.Optional;

/**
 * Decides, purely, what happens to the labelled cluster-scoped objects: from the objects, the namespaces that exist
 * now, what the janitor remembers of each owner ({@link OwnerMemory}) and {@code now}. An object is deleted only when
 * all of these hold:
 * <ol>
 * <li>it is not protected ({@link Protection}) and not already being deleted;</li>
 * <li>no namespace of its owner's name exists (a namespace re-created under the name keeps the object: the janitor
 *     cannot tell whose it is);</li>
 * <li>the janitor saw that namespace as an admitted CI namespace, and the object was created at or after that
 *     namespace (both times are the API server's): the defence against a label added later to a shared object;</li>
 * <li>the janitor has known the namespace missing for at least {@code grace}.</li>
 * </ol>
 * Objects whose owner exists are not leftovers and are neither counted nor reported.
 *
 * @param resources    the configured resources' display forms (every one is counted, zero included)
 * @param protection   what is never deleted
 * @param grace        how long an owner must have been missing
 * @param maxDeletions most deletions per listing
 */
public record LeftoverPlanner(List<String> resources, Protection protection, Duration grace, int maxDeletions) {

    public LeftoverPlanner {
        resources = List.copyOf(resources);
    }

    /**
     * The owners whose existence must be asked of the API server: those named by an object and not known alive
     * (alive in the memory means the janitor's namespace cache holds it: no request), never a value no namespace can
     * be named (it is reported unverified without a request). Sorted, each once.
     */
    public static Set<String> ownersToLookUp(Collection<LeftoverObject> objects, Function<String, Optional<OwnerMemory.Owner>> memory) {
        Set<String> owners = new TreeSet<>();
        for (LeftoverObject object : objects) {
            String owner = object.owner();
            if (object.ownerCanExist() && memory.apply(owner).filter(known -> known.goneSince() == null).isEmpty()) {
                owners.add(owner);
            }
        }
        return owners;
    }

    /**
     * The plan.
     *
     * @param objects  the labelled objects listed
     * @param existing names of owner namespaces that exist now
     * @param memory   what the janitor remembers of a namespace by name
     */
    public LeftoverPlan plan(Collection<LeftoverObject> objects, Set<String> existing,
            Function<String, Optional<OwnerMemory.Owner>> memory, Instant now) {
        Map<String, Map<LeftoverState, Integer>> counts = new LinkedHashMap<>();
        for (String resource : resources) {
            Map<LeftoverState, Integer> byState = new EnumMap<>(LeftoverState.class);
            for (LeftoverState state : LeftoverState.values()) {
                byState.put(state, 0);
            }
            counts.put(resource, byState);
        }
        List<LeftoverPlan.Leftover> leftovers = new ArrayList<>();
        for (LeftoverObject object : objects) {
            String owner = object.owner();
            if (owner == null || existing.contains(owner)
                    || memory.apply(owner).filter(known -> known.goneSince() == null).isPresent()) {
                continue;
            }
            LeftoverPlan.Leftover leftover = classify(object, memory.apply(owner), now);
            leftovers.add(leftover);
            counts.computeIfAbsent(object.resource(), key -> new EnumMap<>(LeftoverState.class))
                    .merge(leftover.state(), 1, Integer::sum);
        }
        leftovers.sort(Comparator.comparing((LeftoverPlan.Leftover l) -> l.object().resource())
                .thenComparing(l -> l.object().name()));
        List<LeftoverPlan.Leftover> deletions = leftovers.stream()
                .filter(l -> l.state() == LeftoverState.DUE && !l.object().deleting())
                .sorted(Comparator.comparing(LeftoverPlan.Leftover::goneSince).thenComparing(l -> l.object().describe()))
                .limit(maxDeletions)
                .toList();
        return new LeftoverPlan(List.copyOf(leftovers), deletions, counts);
    }

    private LeftoverPlan.Leftover classify(LeftoverObject object, Optional<OwnerMemory.Owner> remembered, Instant now) {
        Optional<String> protectedBy = protection.reason(object);
        Instant goneSince = remembered.map(OwnerMemory.Owner::goneSince).orElse(null);
        if (protectedBy.isPresent()) {
            return new LeftoverPlan.Leftover(object, LeftoverState.PROTECTED, "protected: " + protectedBy.get(), goneSince);
        }
        if (remembered.isEmpty()) {
            return new LeftoverPlan.Leftover(object, LeftoverState.UNVERIFIED, "namespace " + object.owner()
                    + " was never seen as an admitted CI namespace by this janitor", null);
        }
        OwnerMemory.Owner owner = remembered.get();
        if (object.created().isEmpty() || object.created().get().isBefore(owner.created())) {
            return new LeftoverPlan.Leftover(object, LeftoverState.UNVERIFIED, "created "
                    + object.created().map(Timestamps::format).orElse("(unknown)") + ", before namespace " + object.owner()
                    + " (created " + Timestamps.format(owner.created()) + "): the label was added later", goneSince);
        }
        Instant due = goneSince.plus(grace);
        if (now.isBefore(due)) {
            return new LeftoverPlan.Leftover(object, LeftoverState.GRACE, "namespace " + object.owner() + " gone since "
                    + Timestamps.format(goneSince) + "; deleted after " + Timestamps.format(due) + " (grace "
                    + Ttl.format(grace) + ")", goneSince);
        }
        return new LeftoverPlan.Leftover(object, LeftoverState.DUE, "namespace " + object.owner() + " gone since "
                + Timestamps.format(goneSince) + ", grace " + Ttl.format(grace) + " passed", goneSince);
    }
}
