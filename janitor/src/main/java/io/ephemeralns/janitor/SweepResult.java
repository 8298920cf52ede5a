package io.ephemeralns.janitor;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of one sweep.
 *
 * @param completed true when the namespaces were listed and every planned action was attempted
 * @param skipped   true when another sweep was still running, so this one did nothing
 * @param plan      the plan, null when listing failed or the sweep was skipped
 * @param outcomes  how many planned deletions ended in each outcome
 * @param errors    failed listings and failed deletions
 * @param requests  list requests made
 * @param duration  wall time
 * @param released  terminating namespaces in which the janitor released its access (nothing else remained)
 * @param skew      the clock skew measured at the start, and its bound
 */
public record SweepResult(boolean completed, boolean skipped, SweepPlan plan, Map<DeletionOutcome, Integer> outcomes,
        int errors, int requests, Duration duration, int released, ClockSkew skew) {

    /** A sweep that did not run because another was running. */
    public static SweepResult skippedSweep() {
        return new SweepResult(false, true, null, new EnumMap<>(DeletionOutcome.class), 0, 0, Duration.ZERO, 0,
                new ClockSkew(java.util.Optional.empty(), Duration.ZERO));
    }

    /**
     * True when the sweep completed without any error and refused no deletion (a refusal means the clock is not
     * trusted, which a CronJob must show by failing): the exit status of {@code run-once}.
     */
    public boolean succeeded() {
        return completed && errors == 0 && count(DeletionOutcome.REFUSED) == 0;
    }

    /** How many deletions ended in the given outcome. */
    public int count(DeletionOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }
}
