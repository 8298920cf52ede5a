package io.ephemeralns.janitor.act;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Test helper: {@link Actions} that change nothing but what a test's {@link #delete} does. */
public abstract class IdleActions implements Actions {

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public void forgetAllBut(Set<String> plannedUids) {
    }

    @Override
    public boolean releaseAccess(NamespaceStatus status, Instant now) {
        return false;
    }

    @Override
    public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
    }

    @Override
    public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
            RepairBudget budget, Instant now) {
        return 0;
    }

    @Override
    public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now) {
    }
}
