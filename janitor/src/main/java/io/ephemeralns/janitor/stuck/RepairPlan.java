package io.ephemeralns.janitor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to do about one stuck namespace, decided purely from its state and the settings.
 *
 * @param removals finalizers to remove, per object
 * @param forceFinalize whether to clear the namespace's own finalizers through {@code /finalize}
 */
public record RepairPlan(List<FinalizerRemoval> removals, boolean forceFinalize) {

    /**
     * Finalizers to take off one object.
     *
     * @param object the object
     * @param remove the finalizers to remove
     * @param keep   the finalizers that stay (the object's new list)
     */
    public record FinalizerRemoval(RemainingObject object, List<String> remove, List<String> keep) {

        /** {@code configmap/a in namespace x: finalizers [example.com/never]}, for logs. */
        public String describe(String namespace) {
            return object.display() + " in namespace " + namespace + ": finalizers " + remove;
        }
    }

    /** Nothing to do. */
    public static final RepairPlan NOTHING = new RepairPlan(List.of(), false);

    /** True when the plan changes nothing. */
    public boolean isEmpty() {
        return removals.isEmpty() && !forceFinalize;
    }

    /**
     * Plans the repair of a list of objects: {@link #removal} for each, {@link #forceFinalize} for the namespace.
     */
    public static RepairPlan plan(RepairMode mode, Instant now, Instant terminatingSince, Duration stuckAfter,
            Duration forceAfter, List<RemainingObject> objects, Pattern allow, Optional<Pattern> deny) {
        List<FinalizerRemoval> removals = new ArrayList<>();
        for (RemainingObject object : objects) {
            removal(mode, now, terminatingSince, stuckAfter, object, allow, deny).ifPresent(removals::add);
        }
        boolean finalize = forceFinalize(mode, now, terminatingSince, stuckAfter, forceAfter);
        return removals.isEmpty() && !finalize ? NOTHING : new RepairPlan(removals, finalize);
    }

    /**
     * The finalizers to remove from one object, if any. Nothing is done before the namespace has been terminating
     * for longer than {@code stuckAfter}; a finalizer is removed only from an object that has itself been deleting
     * for longer than {@code stuckAfter}, only when it matches {@code allow} and not {@code deny}, and never the
     * janitor's own {@link JanitorAccess#FINALIZER}, which goes last, by itself.
     */
    public static Optional<FinalizerRemoval> removal(RepairMode mode, Instant now, Instant terminatingSince,
            Duration stuckAfter, RemainingObject object, Pattern allow, Optional<Pattern> deny) {
        if (mode == RepairMode.REPORT || Duration.between(terminatingSince, now).compareTo(stuckAfter) <= 0) {
            return Optional.empty();
        }
        boolean deletingLongEnough = object.deleting()
                .map(since -> Duration.between(since, now).compareTo(stuckAfter) > 0).orElse(false);
        if (!deletingLongEnough || object.finalizers().isEmpty()) {
            return Optional.empty();
        }
        List<String> remove = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        for (String finalizer : object.finalizers()) {
            boolean allowed = !JanitorAccess.FINALIZER.equals(finalizer)
                    && allow.matcher(finalizer).matches() && deny.map(d -> !d.matcher(finalizer).matches()).orElse(true);
            (allowed ? remove : keep).add(finalizer);
        }
        return remove.isEmpty() ? Optional.empty() : Optional.of(new FinalizerRemoval(object, remove, keep));
    }

    /** {@code /finalize} only in force mode, once the namespace has been terminating for longer than {@code forceAfter}. */
    public static boolean forceFinalize(RepairMode mode, Instant now, Instant terminatingSince, Duration stuckAfter,
            Duration forceAfter) {
        Duration terminating = Duration.between(terminatingSince, now);
        return mode == RepairMode.FORCE && terminating.compareTo(stuckAfter) > 0 && terminating.compareTo(forceAfter) > 0;
    }

    /**
     * The merge patch setting the finalizers that stay, made on the given resourceVersion only (the API server answers
     * 409 when the object changed since it was listed); no resourceVersion when it is unknown.
     */
    public static Map<String, Object> finalizersPatch(List<String> keep, String resourceVersion) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finalizers", keep);
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        return Map.of("metadata", metadata);
    }
}
