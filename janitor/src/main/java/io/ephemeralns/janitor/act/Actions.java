package io.ephemeralns.janitor.act;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything a sweep changes in the cluster, and nothing else: the sweep gathers and plans, then hands each
 * planned change to this interface. Two implementations, chosen once at start-up by {@code janitor.dry-run}:
 * {@link LiveActions} acts (each action asked of the {@link ActionGate} first, rate-limited, on a namespace read
 * again just before), {@link DryRunActions} logs what it would do and changes nothing.
 *
 * @see LeadershipLost thrown by every action once this replica no longer holds the Lease: the sweep must stop
 */
public interface Actions {

    /** True when nothing is changed (the sweep's summary says so). */
    boolean dryRun();

    /**
     * Deletes one expired namespace, when it is still due on a fresh read: the one entry point for a namespace,
     * whoever found it due. Called from several threads at once ({@link DeletionRunner}), so every implementation
     * is thread-safe.
     */
    DeletionOutcome delete(Deletion deletion) throws InterruptedException;

    /** Forgets what is kept across sweeps (pods draining) about namespaces no longer planned for deletion. */
    void forgetAllBut(Set<String> plannedUids);

    /**
     * Releases the janitor's access to a terminating CI namespace in which nothing else remains.
     *
     * @return true when it was released
     */
    boolean releaseAccess(NamespaceStatus status, Instant now) throws InterruptedException;

    /** Records a stuck namespace's new diagnosis: the {@code ephemeral-ns.io/stuck-reason} annotation and an Event. */
    void recordStuck(String namespace, String uid, String reason, String terminating, Instant now);

    /**
     * Removes finalizers from the objects of one stuck namespace, within the sweep's budget.
     *
     * @return how many objects lost their finalizers
     */
    int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals, RepairBudget budget,
            Instant now) throws InterruptedException;

    /** Clears a stuck namespace's own finalizers through {@code /finalize}, when it is still the same one. */
    void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now)
            throws InterruptedException;
}
