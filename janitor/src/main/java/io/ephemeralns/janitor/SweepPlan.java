package io.ephemeralns.janitor;

import java.util.List;

/**
 * What one sweep found and intends to do.
 *
 * @param deletions expired namespaces to delete now, oldest expiry first, at most the per-sweep cap
 * @param deferred  expired namespaces left for a later sweep by the cap
 * @param census    the counts exported as metrics
 * @param stuck     namespaces terminating for longer than stuck-after (at most {@link SweepPlanner#MAX_STUCK})
 */
public record SweepPlan(List<Deletion> deletions, int deferred, Census census,
        List<io.ephemeralns.common.NamespaceStatus> stuck) {

    /** Number of CI namespaces seen. */
    public int scanned() {
        return census.counts().values().stream().mapToInt(Integer::intValue).sum();
    }
}
