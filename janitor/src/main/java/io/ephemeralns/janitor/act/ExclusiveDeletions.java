package io.ephemeralns.janitor.act;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Never two deletions of one namespace at once: in the Deployment mode the sweep and the deletions at expiry may
 * both find the same namespace due, and two deletions running side by side would both read it before either
 * deleted it, and both delete and count it. The second one waits for the first, then reads the namespace again
 * (terminating by then: no longer due). Deletions of different namespaces are not held up; every other action
 * passes through unchanged.
 */
public final class ExclusiveDeletions implements Actions {

    private final Actions delegate;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    public ExclusiveDeletions(Actions delegate) {
        this.delegate = delegate;
    }

    @Override
    public DeletionOutcome delete(Deletion deletion) throws InterruptedException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other;
        while ((other = inFlight.putIfAbsent(deletion.name(), mine)) != null) {
            try {
                other.get();
            } catch (ExecutionException e) {
                // the other deletion's outcome is its own; this one goes on
            }
        }
        try {
            return delegate.delete(deletion);
        } finally {
            inFlight.remove(deletion.name(), mine);
            mine.complete(null);
        }
    }

    @Override
    public boolean dryRun() {
        return delegate.dryRun();
    }

    @Override
    public void forgetAllBut(Set<String> plannedUids) {
        delegate.forgetAllBut(plannedUids);
    }

    @Override
    public boolean releaseAccess(NamespaceStatus status, Instant now) throws InterruptedException {
        return delegate.releaseAccess(status, now);
    }

    @Override
    public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
        delegate.recordStuck(namespace, uid, reason, terminating, now);
    }

    @Override
    public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
            RepairBudget budget, Instant now) throws InterruptedException {
        return delegate.removeFinalizers(namespace, uid, removals, budget, now);
    }

    @Override
    public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now)
            throws InterruptedException {
        delegate.forceFinalize(status, reason, leaked, terminating, now);
    }
}
