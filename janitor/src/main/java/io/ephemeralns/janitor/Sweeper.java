package io.ephemeralns.janitor;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.stuck.ApiDiscovery;
import io.ephemeralns.janitor.stuck.JanitorAccess;
import io.ephemeralns.janitor.stuck.NamespaceCondition;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.StuckNamespaces;
import io.ephemeralns.janitor.stuck.UnavailableApiService;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One sweep: measure the clock skew against the API server, gather the CI namespaces, ask the {@link SweepPlanner}
 * for a plan, act on it unless dry-run, publish the metrics and the report, and log one summary line. Never two
 * sweeps at once: a sweep requested while another runs is skipped. A failure on one namespace is logged with its
 * name and reason, counted, and the sweep goes on with the next. Every action is first asked of the
 * {@link ActionGate}: a replica that lost its Lease stops the sweep there, and while the clock skew is unknown or
 * beyond {@code janitor.max-clock-skew} nothing time-based is done (refusals are logged and counted).
 *
 * <p>Order of the actions: first the release of the janitor's access in terminating namespaces where nothing else
 * remains (cheap, and every ordinary deletion waits for it), then the deletions of expired namespaces, then stuck
 * repair within its per-sweep budget.
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);

    private final NamespaceLister lister;
    private final NamespaceDeleter deleter;
    private final DeletionEvents events;
    private final JanitorMetrics metrics;
    private final JanitorSettings settings;
    private final boolean dryRun;
    private final Clock clock;
    private final TokenBucket deletes;
    private final StuckNamespaces stuck;
    private final ActionGate gate;
    private final ApiServerTime serverTime;
    private final ApiDiscovery discovery;
    private final ReportSnapshot snapshots;
    private final AtomicBoolean running = new AtomicBoolean();

    public Sweeper(NamespaceLister lister, NamespaceDeleter deleter, DeletionEvents events, JanitorMetrics metrics,
            JanitorSettings settings, JanitorConfig config, Clock clock, TokenBucket deletes,
            StuckNamespaces stuck, ActionGate gate, ApiServerTime serverTime, ApiDiscovery discovery,
            ReportSnapshot snapshots) {
        this.lister = lister;
        this.deleter = deleter;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.dryRun = config.dryRun();
        this.clock = clock;
        this.deletes = deletes;
        this.stuck = stuck;
        this.gate = gate;
        this.serverTime = serverTime;
        this.discovery = discovery;
        this.snapshots = snapshots;
    }

    /** Runs a sweep now, unless one is already running. */
    public SweepResult sweep() {
        if (!running.compareAndSet(false, true)) {
            LOG.info("sweep skipped: the previous sweep is still running");
            return SweepResult.skippedSweep();
        }
        try {
            return sweepNow();
        } finally {
            running.set(false);
        }
    }

    private SweepResult sweepNow() {
        long started = System.nanoTime();
        ClockSkew skew = new ClockSkew(serverTime.skew(), settings.maxClockSkew());
        metrics.clockSkew(skew.skew());
        gate.clock(skew.verdict());
        if (skew.verdict() != ClockSkew.Verdict.TRUSTED) {
            LOG.warnf("clock skew against the API server %s: %s; no deletion or repair this sweep",
                    skew.describe(), skew.verdict() == ClockSkew.Verdict.UNKNOWN ? "cannot be measured"
                            : "beyond janitor.max-clock-skew (fix the node's time synchronisation)");
        }
        discovery.forget();
        Instant now = clock.instant();
        SweepPlanner planner = new SweepPlanner(settings.shared(), settings.policy());
        AtomicReference<SweepPlanner.Accumulator> accumulator = new AtomicReference<>(planner.start(now));
        int requests;
        try {
            requests = lister.scan(namespace -> accumulator.get().add(NamespaceView.of(namespace), onlyOursRemains(namespace)),
                    () -> accumulator.set(planner.start(now)));
        } catch (KubernetesClientException e) {
            LOG.errorf("sweep failed: cannot list namespaces (HTTP %d): %s", e.getCode(), e.getMessage());
            metrics.error();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.sweep(took, false, clock.instant());
            return new SweepResult(false, false, null, new EnumMap<>(DeletionOutcome.class), 1, 0, took, 0, skew);
        }
        SweepPlan plan = accumulator.get().finish();
        metrics.census(plan.census());
        metrics.skipped(plan.skipped());
        Map<String, Double> terminating = new TreeMap<>();
        for (NamespaceStatus status : plan.stuck()) {
            status.terminatingFor(now).ifPresent(d -> terminating.put(status.namespace().name(), (double) d.getSeconds()));
        }
        metrics.stuck(terminating);
        snapshots.sweep(now, plan.report());

        Map<DeletionOutcome, Integer> outcomes = new EnumMap<>(DeletionOutcome.class);
        int errors = 0;
        int released = 0;
        boolean interrupted = false;
        try {
            for (NamespaceStatus status : plan.releases()) {
                try {
                    if (stuck.release(status, clock.instant(), dryRun)) {
                        released++;
                    }
                } catch (KubernetesClientException e) {
                    LOG.errorf("namespace %s: releasing the janitor's access failed: %s", status.namespace().name(), reason(e));
                    metrics.error();
                    errors++;
                }
            }
            for (Deletion deletion : plan.deletions()) {
                DeletionOutcome outcome;
                try {
                    outcome = act(deletion, planner);
                } catch (LeadershipLost e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.errorf("namespace %s (uid %s): deletion failed: %s", deletion.name(), deletion.uid(), reason(e));
                    metrics.error();
                    errors++;
                    outcome = DeletionOutcome.FAILED;
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
            errors += repairStuck(plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        } catch (LeadershipLost e) {
            LOG.warn("leadership lost during the sweep: stopping it; the new leader carries on");
            interrupted = true;
        }
        Set<String> planned = plan.deletions().stream().map(Deletion::uid).collect(Collectors.toSet());
        deleter.retainOnly(planned);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.sweep(took, !interrupted, clock.instant());
        SweepResult result = new SweepResult(!interrupted, false, plan, outcomes, errors, requests, took, released, skew);
        LOG.info(summary(result));
        return result;
    }

    /** Stuck repair within the sweep's budget; returns the errors. */
    private int repairStuck(SweepPlan plan) throws InterruptedException {
        int errors = 0;
        long pending = 0;
        RepairBudget budget = new RepairBudget(settings.stuck().maxRepairs());
        List<UnavailableApiService> apiServices = plan.stuck().isEmpty() ? List.of() : stuck.unavailableApiServices();
        for (NamespaceStatus status : plan.stuck()) {
            try {
                pending += stuck.handle(status, apiServices, clock.instant(), dryRun, budget);
            } catch (LeadershipLost e) {
                metrics.stuckObjectsPending(pending);
                throw e;
            } catch (RuntimeException e) {
                LOG.errorf("namespace %s: stuck-namespace repair failed: %s", status.namespace().name(), reason(e));
                metrics.error();
                errors++;
            }
        }
        metrics.stuckObjectsPending(pending);
        return errors;
    }

    private DeletionOutcome act(Deletion deletion, SweepPlanner planner) throws InterruptedException {
        if (dryRun) {
            LOG.infof("DRY-RUN: would delete %s", DeletionEvents.describe(deletion));
            return DeletionOutcome.WOULD_DELETE;
        }
        if (!gate.permits(true)) {
            LOG.infof("namespace %s: expired, but not deleted: the clock skew is not known to be within"
                    + " janitor.max-clock-skew", deletion.name());
            return DeletionOutcome.REFUSED;
        }
        deletes.acquire();
        Instant now = clock.instant();
        NamespaceView fresh = deleter.read(deletion.name());
        if (fresh == null) {
            LOG.infof("namespace %s: already gone", deletion.name());
            return DeletionOutcome.GONE;
        }
        if (!planner.stillDue(deletion, fresh, now)) {
            LOG.infof("namespace %s: no longer due when read again (re-created, kept, relabelled, not admitted or"
                    + " terminating); left alone", deletion.name());
            return DeletionOutcome.NO_LONGER_DUE;
        }
        DeletionOutcome outcome = deleter.delete(deletion, now);
        switch (outcome) {
            case DELETED -> {
                LOG.infof("deleted %s", DeletionEvents.describe(deletion));
                metrics.deleted(deletion.reason());
                events.deleted(deletion, now);
            }
            case DRAINING -> LOG.infof("namespace %s: workloads deleted, waiting for its pods to terminate", deletion.name());
            case GONE -> LOG.infof("namespace %s: already gone", deletion.name());
            case NO_LONGER_DUE -> LOG.infof("namespace %s: re-created under the same name (UID changed); left alone",
                    deletion.name());
            default -> { }
        }
        return outcome;
    }

    private static boolean onlyOursRemains(Namespace namespace) {
        return namespace.getMetadata() != null && namespace.getMetadata().getDeletionTimestamp() != null
                && JanitorAccess.onlyOursRemains(NamespaceCondition.of(namespace));
    }

    private String summary(SweepResult result) {
        SweepPlan plan = result.plan();
        return String.format("sweep%s: %d CI namespaces (%s); %s %d, draining %d, gone %d, left alone %d, refused %d,"
                        + " failed %d, deferred %d; not admitted %d, admitted after deletion %d; access released %d;"
                        + " clock skew %s; %d list requests in %d ms",
                dryRun ? " (dry-run)" : "", plan.scanned(), plan.census().describe(),
                dryRun ? "would delete" : "deleted",
                dryRun ? result.count(DeletionOutcome.WOULD_DELETE) : result.count(DeletionOutcome.DELETED),
                result.count(DeletionOutcome.DRAINING), result.count(DeletionOutcome.GONE),
                result.count(DeletionOutcome.NO_LONGER_DUE), result.count(DeletionOutcome.REFUSED),
                result.count(DeletionOutcome.FAILED), plan.deferred(),
                plan.skipped().getOrDefault(Admission.Verdict.NOT_ADMITTED, 0),
                plan.skipped().getOrDefault(Admission.Verdict.ADMITTED_AFTER_DELETION, 0),
                result.released(), result.skew().describe(), result.requests(), result.duration().toMillis());
    }

    private static String reason(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "HTTP " + k.getCode() + ": " + k.getMessage();
        }
        return e.toString();
    }

}
