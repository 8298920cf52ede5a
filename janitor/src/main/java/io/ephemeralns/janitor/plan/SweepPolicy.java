package io.ephemeralns.janitor.plan;

import java.time.Duration;

/**
 * The janitor's decision parameters, validated.
 *
 * @param stuckAfter       a namespace terminating for longer than this is stuck
 * @param maxDeletions     at most this many deletions per sweep
 * @param requireAdmission act only on namespaces the webhook admitted ({@link io.ephemeralns.common.Admission})
 */
public record SweepPolicy(Duration stuckAfter, int maxDeletions, boolean requireAdmission) {

    public SweepPolicy {
        if (maxDeletions < 0) {
            throw new IllegalArgumentException("janitor.max-deletions-per-sweep=" + maxDeletions + " is negative: use 0 or more");
        }
    }

    /** The policy with admission required (the default). */
    public SweepPolicy(Duration stuckAfter, int maxDeletions) {
        this(stuckAfter, maxDeletions, true);
    }
}
