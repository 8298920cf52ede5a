package io.ephemeralns.janitor.plan;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.janitor.report.NamespaceReport;
import java.util.List;
import java.util.Map;

/**
 * What one sweep found and intends to do.
 *
 * @param deletions expired namespaces to delete now, oldest expiry first, at most the per-sweep cap
 * @param deferred  expired namespaces left for a later sweep by the cap
 * @param census    the counts exported as metrics
 * @param stuck     namespaces terminating for longer than stuck-after (at most {@link SweepPlanner#MAX_STUCK})
 * @param releases  terminating namespaces in which, by their conditions, only the janitor's own access RoleBinding
 *                  remains, so that its finalizer can go (at most {@link SweepPlanner#MAX_RELEASES})
 * @param skipped   namespaces carrying the selector's labels that the janitor leaves alone, by admission verdict
 *                  (every verdict but {@code ADMITTED}, zero included)
 * @param report    every CI namespace in the janitor's scope, for {@code GET /namespaces}
 */
public record SweepPlan(List<Deletion> deletions, int deferred, Census census, List<NamespaceStatus> stuck,
        List<NamespaceStatus> releases, Map<Admission.Verdict, Integer> skipped, List<NamespaceReport> report) {

    /** Number of CI namespaces seen. */
    public int scanned() {
        return census.counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Namespaces left alone because the webhook did not admit them (in time). */
    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
