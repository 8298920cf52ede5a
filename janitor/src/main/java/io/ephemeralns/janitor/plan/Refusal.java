package io.ephemeralns.janitor.plan;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the janitor refuses a deletion or repair it planned, with the tag it is counted under
 * ({@code ephemeral_ns_refused_actions_total{reason}}); and the pure rule deciding it.
 */
public enum Refusal {
    /** this replica no longer holds the Lease: another replica may be acting. */
    NOT_LEADER,
    /** the janitor's clock is not trusted ({@link ClockSkew}): a time-based decision may be wrong. */
    CLOCK_SKEW;

    /** The metric tag: the name in lower case ({@code not_leader}, {@code clock_skew}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether to refuse an action now. Leadership is required for every action. A trusted clock is required for
     * time-based ones (expiry, stuck repair, force-finalize, a leaked volume's reclaim, a warning before deletion, a
     * sleep), not for releasing the janitor's own access once nothing else remains in a terminating namespace, which
     * depends on no time.
     */
    public static Optional<Refusal> decide(boolean leader, ClockSkew.Verdict clock, boolean timeBased) {
        if (!leader) {
            return Optional.of(NOT_LEADER);
        }
        if (timeBased && clock != ClockSkew.Verdict.TRUSTED) {
            return Optional.of(CLOCK_SKEW);
        }
        return Optional.empty();
    }
}
