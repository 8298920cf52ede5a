package io.ephemeralns.janitor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of stuck repair, validated, with the decisions of {@link RepairPlan} bound to them.
 *
 * @param mode       report, finalizers or force ({@code janitor.stuck.repair})
 * @param stuckAfter a namespace terminating for longer than this is stuck; objects deleting for longer may lose
 *                   their finalizers ({@code janitor.stuck-after})
 * @param forceAfter how long before {@code /finalize} in force mode ({@code janitor.stuck.force-after})
 * @param allow      finalizers that may be removed ({@code janitor.stuck.finalizer-allow})
 * @param deny       finalizers never removed ({@code janitor.stuck.finalizer-deny})
 * @param maxRepairs objects whose finalizers are removed per sweep, at most ({@code janitor.stuck.max-repairs-per-sweep})
 */
public record RepairPolicy(RepairMode mode, Duration stuckAfter, Duration forceAfter, Pattern allow,
        Optional<Pattern> deny, int maxRepairs) {

    /** {@link RepairPlan#removal} under this policy. */
    public Optional<RepairPlan.FinalizerRemoval> removal(Instant now, Instant terminatingSince, RemainingObject object) {
        return RepairPlan.removal(mode, now, terminatingSince, stuckAfter, object, allow, deny);
    }

    /** {@link RepairPlan#forceFinalize} under this policy. */
    public boolean forceFinalize(Instant now, Instant terminatingSince) {
        return RepairPlan.forceFinalize(mode, now, terminatingSince, stuckAfter, forceAfter);
    }
}
