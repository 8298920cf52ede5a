package io.ephemeralns.janitor.act;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code janitor.dry-run=true}: every action is logged as {@code DRY-RUN: would ...} and nothing is changed, asked
 * or counted (no request but the sweep's reads, no refusal, no repair budget spent). Stateless, so thread-safe.
 */
public final class DryRunActions implements Actions {

    private static final Logger LOG = Logger.getLogger(DryRunActions.class);

    @Override
    public boolean dryRun() {
        return true;
    }

    @Override
    public DeletionOutcome delete(Deletion deletion) {
        LOG.infof("DRY-RUN: would delete %s", deletion.describe());
        return DeletionOutcome.WOULD_DELETE;
    }

    @Override
    public void forgetAllBut(Set<String> plannedUids) {
        // nothing is kept
    }

    @Override
    public boolean releaseAccess(NamespaceStatus status, Instant now) {
        LOG.infof("DRY-RUN: would release the janitor's access to terminating namespace %s (nothing else remains)",
                status.namespace().name());
        return false;
    }

    @Override
    public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
        LOG.infof("DRY-RUN: would annotate namespace %s with %s", namespace, ProductKeys.STUCK_REASON);
    }

    @Override
    public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
            RepairBudget budget, Instant now) {
        removals.forEach(removal -> LOG.infof("DRY-RUN: would remove %s", removal.describe(namespace)));
        return 0;
    }

    @Override
    public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now) {
        LOG.infof("DRY-RUN: would force-finalize namespace %s (may leak %s)", status.namespace().name(), leaked);
    }
}
