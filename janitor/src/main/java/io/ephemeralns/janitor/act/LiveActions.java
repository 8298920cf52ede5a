package io.ephemeralns.janitor.act;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.capture.Capture;
import io.ephemeralns.janitor.capture.CaptureResult;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.RepairRequests;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.stuck.JanitorAccess;
import io.ephemeralns.janitor.stuck.NamespaceCondition;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPlan;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The actions carried out. Each is first asked of the {@link ActionGate} (leadership, and a trusted clock for the
 * time-based ones), takes a token of the one rate limit shared by deletions and repairs, and acts only on the
 * namespace as read again just before, when the {@link SweepPlanner} still finds it due: the listing may be minutes
 * old, and a pipeline may have set {@code keep=true} or re-created the namespace since. Every change is logged,
 * counted and recorded as an Event about the namespace.
 *
 * <p>With {@code janitor.capture}, {@link #delete} is the one place a namespace is captured before it goes
 * ({@link Capture#before}): right before the deleter's first request, whichever path found it due; a namespace that was
 * captured is read again afterwards (a capture may last {@code janitor.capture.timeout}), and its {@code Deleted} Event
 * names the archive.
 *
 * <p>Thread-safe: {@link DeletionRunner} deletes several namespaces at once through {@link #delete}. This class
 * keeps no state of its own; its collaborators are thread-safe (the client, the {@link TokenBucket}, the
 * {@link ActionGate}, the metrics, the deleter's drain map).
 */
public final class LiveActions implements Actions {

    private static final Logger LOG = Logger.getLogger(LiveActions.class);

    private final NamespaceLister namespaces;
    private final NamespaceDeleter deleter;
    private final RepairRequests repairs;
    private final NamespaceEvents events;
    private final SweepPlanner planner;
    private final ActionGate gate;
    private final TokenBucket rate;
    private final JanitorMetrics metrics;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Capture capture;

    public LiveActions(NamespaceLister namespaces, NamespaceDeleter deleter, RepairRequests repairs,
            NamespaceEvents events, SweepPlanner planner, ActionGate gate, TokenBucket rate, JanitorMetrics metrics,
            Clock clock, Duration stuckAfter) {
        this(namespaces, deleter, repairs, events, planner, gate, rate, metrics, clock, stuckAfter, Capture.off());
    }

    /** @param capture what is captured before a deletion ({@code janitor.capture.*}; {@link Capture#off()}) */
    public LiveActions(NamespaceLister namespaces, NamespaceDeleter deleter, RepairRequests repairs,
            NamespaceEvents events, SweepPlanner planner, ActionGate gate, TokenBucket rate, JanitorMetrics metrics,
            Clock clock, Duration stuckAfter, Capture capture) {
        this.namespaces = namespaces;
        this.deleter = deleter;
        this.repairs = repairs;
        this.events = events;
        this.planner = planner;
        this.gate = gate;
        this.rate = rate;
        this.metrics = metrics;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.capture = capture;
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public DeletionOutcome delete(Deletion deletion) throws InterruptedException {
        if (!gate.permits(true)) {
            return refused(deletion);
        }
        rate.acquire();
        // asked again: with several deletions waiting for their tokens at once, the wait may have been long enough
        // for the Lease to be lost
        if (!gate.permits(true)) {
            return refused(deletion);
        }
        Instant now = clock.instant();
        Namespace fresh = namespaces.read(deletion.name());
        if (fresh == null) {
            LOG.infof("namespace %s: already gone", deletion.name());
            return DeletionOutcome.GONE;
        }
        if (!planner.stillDue(deletion, NamespaceView.of(fresh), now)) {
            LOG.infof("namespace %s: no longer due when read again (re-created, kept, relabelled, not admitted or"
                    + " terminating); left alone", deletion.name());
            return DeletionOutcome.NO_LONGER_DUE;
        }
        // before the deleter's first request: it may delete the workloads, and with them the pods' logs
        CaptureResult captured = capture.before(fresh, now);
        if (captured.outcome() != CaptureResult.Outcome.NOT_CAPTURED) {
            // a capture may take up to janitor.capture.timeout: read again, as a person may have kept it meanwhile
            now = clock.instant();
            fresh = namespaces.read(deletion.name());
            if (fresh == null || !planner.stillDue(deletion, NamespaceView.of(fresh), now)) {
                LOG.infof("namespace %s: gone or no longer due when read again after its capture; left alone",
                        deletion.name());
                capture.forget(deletion.uid());
                return fresh == null ? DeletionOutcome.GONE : DeletionOutcome.NO_LONGER_DUE;
            }
        }
        DeletionOutcome outcome = deleter.delete(deletion, now);
        if (outcome != DeletionOutcome.DRAINING) {
            capture.forget(deletion.uid());
        }
        switch (outcome) {
            case DELETED -> {
                String deleted = "deleted " + deletion.describe() + captured.eventText();
                LOG.info(deleted);
                metrics.deleted(deletion.reason());
                events.record(deletion.name(), deletion.uid(), "Normal", "Deleted", deleted, now);
            }
            case DRAINING -> LOG.infof("namespace %s: workloads deleted, waiting for its pods to terminate", deletion.name());
            case GONE -> LOG.infof("namespace %s: already gone", deletion.name());
            case NO_LONGER_DUE -> LOG.infof("namespace %s: re-created under the same name (UID changed); left alone",
                    deletion.name());
            default -> { }
        }
        return outcome;
    }

    private static DeletionOutcome refused(Deletion deletion) {
        LOG.infof("namespace %s: expired, but not deleted: the clock skew is not known to be within"
                + " janitor.max-clock-skew", deletion.name());
        return DeletionOutcome.REFUSED;
    }

    @Override
    public void forgetAllBut(Set<String> plannedUids) {
        deleter.retainOnly(plannedUids);
        capture.forgetAllBut(plannedUids);
    }

    /** Removes our finalizer only when the namespace, read again, is the same terminating one and still says so. */
    @Override
    public boolean releaseAccess(NamespaceStatus status, Instant now) throws InterruptedException {
        String name = status.namespace().name();
        if (!gate.permits(false)) {
            return false;
        }
        Namespace namespace = namespaces.read(name);
        if (namespace == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(namespace), now)
                || !JanitorAccess.onlyOursRemains(NamespaceCondition.of(namespace))) {
            return false;
        }
        Optional<RoleBinding> binding = repairs.heldAccessBinding(name);
        if (binding.isEmpty()) {
            return false;
        }
        rate.acquire();
        if (!repairs.releaseAccess(name, binding.get())) {
            return false;
        }
        LOG.infof("namespace %s: nothing else remains; released the janitor's access (finalizer %s of RoleBinding %s)",
                name, JanitorAccess.FINALIZER, JanitorAccess.ROLE_BINDING);
        return true;
    }

    @Override
    public void recordStuck(String namespace, String uid, String reason, String terminating, Instant now) {
        repairs.annotateStuckReason(namespace, uid, reason);
        events.record(namespace, uid, "Warning", "Stuck", "terminating for " + terminating + ": " + reason, now);
    }

    /** One Event per namespace tells what was removed; refusals (clock not trusted) are counted and logged once. */
    @Override
    public int removeFinalizers(String namespace, String uid, List<RepairPlan.FinalizerRemoval> removals,
            RepairBudget budget, Instant now) throws InterruptedException {
        List<String> removed = new ArrayList<>();
        int finalizersRemoved = 0;
        int refused = 0;
        for (RepairPlan.FinalizerRemoval removal : removals) {
            if (!gate.permits(true)) {
                refused++;
                continue;
            }
            if (!budget.take()) {
                break;
            }
            rate.acquire();
            if (repairs.removeFinalizers(namespace, removal)) {
                removal.remove().forEach(f -> metrics.finalizersRemoved().increment());
                finalizersRemoved += removal.remove().size();
                removed.add(removal.object().display());
                LOG.infof("removed %s (it had been deleting for longer than %s)", removal.describe(namespace),
                        Ttl.format(stuckAfter));
            }
        }
        if (refused > 0) {
            LOG.infof("namespace %s: %d finalizer removals refused: the clock skew is not known to be within"
                    + " janitor.max-clock-skew", namespace, refused);
        }
        if (!removed.isEmpty()) {
            events.record(namespace, uid, "Warning", "FinalizersRemoved", "removed " + finalizersRemoved
                    + " finalizers from " + summary(removed) + " (deleting for longer than " + Ttl.format(stuckAfter) + ")",
                    now);
        }
        return removed.size();
    }

    /** Reads the namespace again right before {@code /finalize}: the PUT carries this resourceVersion. */
    @Override
    public void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now)
            throws InterruptedException {
        String name = status.namespace().name();
        if (!gate.permits(true)) {
            LOG.infof("namespace %s: not force-finalizing: the clock skew is not known to be within janitor.max-clock-skew",
                    name);
            return;
        }
        rate.acquire();
        Namespace fresh = namespaces.read(name);
        if (fresh == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(fresh), now)) {
            LOG.infof("namespace %s: gone or changed just before /finalize; left alone", name);
            return;
        }
        boolean gone = repairs.forceFinalize(fresh);
        metrics.forceFinalized();
        String message = "force-finalized after " + terminating + " (" + reason + "); may have leaked: " + leaked
                + (gone ? "; namespace is gone" : "; namespace still present");
        LOG.warnf("namespace %s %s", name, message);
        events.record(name, fresh.getMetadata().getUid(), "Warning", "ForceFinalized", message, now);
    }

    private static String summary(List<String> names) {
        List<String> sorted = names.stream().sorted().toList();
        String shown = String.join(", ", sorted.subList(0, Math.min(5, sorted.size())));
        return names.size() + (names.size() == 1 ? " object: " : " objects: ") + shown
                + (sorted.size() > 5 ? " and " + (sorted.size() - 5) + " more" : "");
    }
}
