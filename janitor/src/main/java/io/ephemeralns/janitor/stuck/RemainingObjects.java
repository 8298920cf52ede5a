package io.ephemeralns.janitor.stuck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects found in one stuck namespace, taken one at a time as they are listed: into its
 * {@link StuckDiagnosis}, and into the finalizer removals its {@link RepairPolicy} allows, keeping at most
 * what the sweep's {@link RepairBudget} has left and counting the rest as deferred to a later sweep.
 */
public final class RemainingObjects {

    private final RepairPolicy policy;
    private final Instant terminatingSince;
    private final Instant now;
    private final int budgetLeft;
    private final StuckDiagnosis.Collector diagnosis = new StuckDiagnosis.Collector();
    private final List<RepairPlan.FinalizerRemoval> removals = new ArrayList<>();
    private int eligible;

    /**
     * @param terminatingSince when the namespace's deletion started
     * @param budgetLeft       removals the sweep may still make
     */
    public RemainingObjects(RepairPolicy policy, Instant terminatingSince, Instant now, int budgetLeft) {
        this.policy = policy;
        this.terminatingSince = terminatingSince;
        this.now = now;
        this.budgetLeft = budgetLeft;
    }

    /** Takes one listed object into account. */
    public void add(RemainingObject object) {
        diagnosis.add(object);
        policy.removal(now, terminatingSince, object).ifPresent(removal -> {
            eligible++;
            if (removals.size() < budgetLeft) {
                removals.add(removal);
            }
        });
    }

    /** What the objects say about why the namespace is stuck. */
    public StuckDiagnosis.Collector diagnosis() {
        return diagnosis;
    }

    /** The removals to make this sweep, in the order listed. */
    public List<RepairPlan.FinalizerRemoval> removals() {
        return removals;
    }

    /** Objects whose finalizers may go but which wait for a later sweep (the budget). */
    public int deferred() {
        return eligible - removals.size();
    }
}
