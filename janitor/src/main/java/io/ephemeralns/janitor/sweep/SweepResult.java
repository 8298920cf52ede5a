package io.ephemeralns.janitor.sweep;

import io.ephemeralns.common.Admission;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

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
                new ClockSkew(Optional.empty(), Duration.ZERO));
    }

    /** A sweep that could not list the namespaces: one error, nothing planned. */
    public static SweepResult listingFailed(Duration duration, ClockSkew skew) {
        return new SweepResult(false, false, null, new EnumMap<>(DeletionOutcome.class), 1, 0, duration, 0, skew);
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

    /** The one summary line a planned sweep logs; {@code dryRun} names what would have been deleted. */
    public String summary(boolean dryRun) {
        return String.format("sweep%s: %d CI namespaces (%s); %s %d, draining %d, gone %d, left alone %d, refused %d,"
                        + " failed %d, deferred %d; not admitted %d, admitted after deletion %d; access released %d;"
                        + " clock skew %s; %d list requests in %d ms",
                dryRun ? " (dry-run)" : "", plan.scanned(), plan.census().describe(),
                dryRun ? "would delete" : "deleted",
                dryRun ? count(DeletionOutcome.WOULD_DELETE) : count(DeletionOutcome.DELETED),
                count(DeletionOutcome.DRAINING), count(DeletionOutcome.GONE),
                count(DeletionOutcome.NO_LONGER_DUE), count(DeletionOutcome.REFUSED),
                count(DeletionOutcome.FAILED), plan.deferred(),
                plan.skipped().getOrDefault(Admission.Verdict.NOT_ADMITTED, 0),
                plan.skipped().getOrDefault(Admission.Verdict.ADMITTED_AFTER_DELETION, 0),
                released, skew.describe(), requests, duration.toMillis());
    }
}
