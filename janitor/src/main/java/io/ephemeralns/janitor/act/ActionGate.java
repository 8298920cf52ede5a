package io.ephemeralns.janitor.act;

import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.Refusal;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Asked before every deletion and repair: does this replica still lead, and is its clock trusted? The sweep sets
 * the clock verdict it measured at its start ({@link #clock}); leadership is read live each time, since a lease can
 * be lost in the middle of a sweep. Refusals are counted here, so every caller counts the same way.
 */
public class ActionGate {

    private final BooleanSupplier leader;
    private final JanitorMetrics metrics;
    private volatile ClockSkew.Verdict clock = ClockSkew.Verdict.UNKNOWN;

    /** @param leader whether this replica holds the Lease now (asked before every action) */
    public ActionGate(BooleanSupplier leader, JanitorMetrics metrics) {
        this.leader = leader;
        this.metrics = metrics;
    }

    /** Sets the verdict of the current sweep's skew measurement. */
    public void clock(ClockSkew.Verdict verdict) {
        this.clock = verdict;
    }

    /**
     * True when one action may go ahead; false, counted, when the clock is not trusted for it.
     *
     * @throws LeadershipLost when this replica no longer leads (counted too): the caller's sweep must stop
     */
    public boolean permits(boolean timeBased) {
        Optional<Refusal> refusal = refusal(timeBased);
        if (refusal.isPresent() && refusal.get() == Refusal.NOT_LEADER) {
            throw new LeadershipLost();
        }
        return refusal.isEmpty();
    }

    /**
     * Whether this replica holds the Lease now; not counted. For skipping work on a replica that does not lead, where
     * no action was refused.
     */
    public boolean leads() {
        return leader.getAsBoolean();
    }

    /** The refusal of one action, counted; empty when the action may go ahead. */
    public Optional<Refusal> refusal(boolean timeBased) {
        Optional<Refusal> refusal = Refusal.decide(leader.getAsBoolean(), clock, timeBased);
        refusal.ifPresent(metrics::refused);
        return refusal;
    }
}
