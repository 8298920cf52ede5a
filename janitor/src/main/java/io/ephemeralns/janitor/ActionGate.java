package io.ephemeralns.janitor;

import io.ephemeralns.runtime.LeaseLeadership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Asked before every deletion and repair: does this replica still lead, and is its clock trusted? The sweep sets
 * the clock verdict it measured at its start ({@link #clock}); leadership is read live each time, since a lease can
 * be lost in the middle of a sweep. Refusals are counted here, so every caller counts the same way.
 */
@ApplicationScoped
public class ActionGate {

    private final LeaseLeadership leadership;
    private final JanitorMetrics metrics;
    private volatile ClockSkew.Verdict clock = ClockSkew.Verdict.UNKNOWN;

    public ActionGate(LeaseLeadership leadership, JanitorMetrics metrics) {
        this.leadership = leadership;
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

    /** The refusal of one action, counted; empty when the action may go ahead. */
    public Optional<Refusal> refusal(boolean timeBased) {
        Optional<Refusal> refusal = Refusal.decide(leadership.isLeader(), clock, timeBased);
        refusal.ifPresent(metrics::refused);
        return refusal;
    }
}
