package io.ephemeralns.janitor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    }

    /** Nothing to do. */
    public static final RepairPlan NOTHING = new RepairPlan(List.of(), false);

    /** True when the plan changes nothing. */
    public boolean isEmpty() {
        return removals.isEmpty() && !forceFinalize;
    }

    /**
     * Plans the repair. Nothing is done before the namespace has been terminating for longer than
     * {@code stuckAfter}; a finalizer is removed only from an object that has itself been deleting for longer
     * than {@code stuckAfter}, only when it matches {@code allow} and not {@code deny}; {@code /finalize} only in
     * force mode, once the namespace has been terminating for longer than {@code forceAfter}.
     */
    public static RepairPlan plan(RepairMode mode, Instant now, Instant terminatingSince, Duration stuckAfter,
            Duration forceAfter, List<RemainingObject> objects, Pattern allow, Optional<Pattern> deny) {
        Duration terminating = Duration.between(terminatingSince, now);
        if (mode == RepairMode.REPORT || terminating.compareTo(stuckAfter) <= 0) {
            return NOTHING;
        }
        List<FinalizerRemoval> removals = new ArrayList<>();
        for (RemainingObject object : objects) {
            boolean deletingLongEnough = object.deleting()
                    .map(since -> Duration.between(since, now).compareTo(stuckAfter) > 0).orElse(false);
            if (!deletingLongEnough || object.finalizers().isEmpty()) {
                continue;
            }
            List<String> remove = new ArrayList<>();
            List<String> keep = new ArrayList<>();
            for (String finalizer : object.finalizers()) {
                boolean allowed = allow.matcher(finalizer).matches() && deny.map(d -> !d.matcher(finalizer).matches()).orElse(true);
                (allowed ? remove : keep).add(finalizer);
            }
            if (!remove.isEmpty()) {
                removals.add(new FinalizerRemoval(object, remove, keep));
            }
        }
        boolean finalize = mode == RepairMode.FORCE && terminating.compareTo(forceAfter) > 0;
        return new RepairPlan(removals, finalize);
    }
}
