package io.ephemeralns.janitor.sweep;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.capacity.CapacityByState;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ApiServerTime;
import io.ephemeralns.janitor.kube.BaselineQuotas;
import io.ephemeralns.janitor.kube.NamespaceSource;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.SweepPlan;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.report.NamespaceReport;
import io.ephemeralns.janitor.report.ReportSnapshot;
import io.ephemeralns.janitor.warn.Warnings;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One sweep: measure the clock skew against the API server, gather the CI namespaces (listed, or from the
 * watch-fed cache in the Deployment mode), ask the {@link SweepPlanner}
 * for a plan, hand it to the {@link Actions} (live, or dry-run), publish the metrics and the report, and log one
 * summary line. Never two sweeps at once: a sweep requested while another runs is skipped. A failure on one
 * namespace is logged with its name and reason, counted, and the sweep goes on with the next. Every action is first
 * asked of the {@link ActionGate}: a replica that lost its Lease stops the sweep there, and while the clock skew is
 * unknown or beyond {@code janitor.max-clock-skew} nothing time-based is done (refusals are logged and counted).
 *
 * <p>Order of the actions: first the release of the janitor's access in terminating namespaces where nothing else
 * remains (cheap, and every ordinary deletion waits for it), then the deletions of expired namespaces, several at
 * once within the rate limit ({@link DeletionRunner}), then stuck repair within its per-sweep budget
 * ({@link StuckNamespaces}).
 *
 * <p>With {@code janitor.capacity}, each sweep also lists the baseline ResourceQuotas ({@link BaselineQuotas}) and
 * publishes the capacity the CI namespaces of each state hold, in the metrics and in the report; when that listing
 * fails the figures become unknown (NaN, null) and the sweep goes on.
 *
 * <p>While gathering, it hands every namespace within {@code janitor.warn.before} of its deletion and not yet warned of
 * to the {@link Warnings} (which return at once): the safety net of the event path, and the only path in run-once mode.
 */
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);
    /** A state by its tag (the report carries tags). */
    private static final Map<String, NamespaceState> STATES = states();

    private final NamespaceSource source;
    private final OnlyOursReads onlyOurs;
    private final SweepPlanner planner;
    private final Actions actions;
    private final DeletionRunner deletions;
    private final StuckNamespaces stuck;
    private final ActionGate gate;
    private final ApiServerTime serverTime;
    private final ApiDiscovery discovery;
    private final JanitorMetrics metrics;
    private final ReportSnapshot snapshots;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final BaselineQuotas quotas;
    private final Warnings warnings;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param source    where the namespaces come from: the API server (one-shot) or the watch-fed cache
     * @param onlyOurs  whether only the janitor's access is left in a terminating namespace (a full read, unless it is
     *                  unchanged since the last one)
     * @param deletions runs the plan's deletions, several at once within the rate limit
     * @param quotas    the baseline quotas' usage, listed once per sweep; null with {@code janitor.capacity=false}
     * @param warnings  warns of the namespaces it finds within {@code janitor.warn.before} of their deletion
     */
    public Sweeper(NamespaceSource source, OnlyOursReads onlyOurs, SweepPlanner planner, Actions actions,
            DeletionRunner deletions, StuckNamespaces stuck, ActionGate gate, ApiServerTime serverTime,
            ApiDiscovery discovery, JanitorMetrics metrics, ReportSnapshot snapshots, Clock clock,
            Duration maxClockSkew, BaselineQuotas quotas, Warnings warnings) {
        this.source = source;
        this.onlyOurs = onlyOurs;
        this.planner = planner;
        this.actions = actions;
        this.deletions = deletions;
        this.stuck = stuck;
        this.gate = gate;
        this.serverTime = serverTime;
        this.discovery = discovery;
        this.metrics = metrics;
        this.snapshots = snapshots;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
        this.quotas = quotas;
        this.warnings = warnings;
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
        ClockSkew skew = measureSkew();
        discovery.forget();
        Instant now = clock.instant();
        Listing listing;
        try {
            listing = gather(now);
        } catch (KubernetesClientException e) {
            LOG.errorf("sweep failed: cannot list namespaces (HTTP %d): %s", e.getCode(), e.getMessage());
            metrics.error();
            return SweepResult.listingFailed(finish(started, false), skew);
        }
        SweepPlan plan = listing.plan();
        BaselineQuotas.Usage usage = capacity(now);
        publish(plan, usage, now);
        Tally tally = new Tally();
        boolean completed = act(plan, tally);
        actions.forgetAllBut(plan.deletions().stream().map(Deletion::uid).collect(Collectors.toSet()));
        SweepResult result = new SweepResult(completed, false, plan, tally.outcomes(), tally.errors(),
                listing.requests() + (usage == null ? 0 : usage.requests()),
                finish(started, completed), tally.released(), skew);
        LOG.info(result.summary(actions.dryRun()));
        return result;
    }

    /** Records the sweep's duration, and its completion time when it completed; returns the duration. */
    private Duration finish(long started, boolean completed) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.sweep(took, completed, clock.instant());
        return took;
    }

    /** Measures the skew, publishes it and sets the gate's verdict for this sweep. */
    private ClockSkew measureSkew() {
        ClockSkew skew = new ClockSkew(serverTime.skew(), maxClockSkew);
        metrics.clockSkew(skew.skew());
        gate.clock(skew.verdict());
        if (skew.verdict() != ClockSkew.Verdict.TRUSTED) {
            LOG.warnf("clock skew against the API server %s: %s; no deletion, repair, reclaim, warning or sleep until it is trusted again",
                    skew.describe(), skew.verdict() == ClockSkew.Verdict.UNKNOWN ? "cannot be measured"
                            : "beyond janitor.max-clock-skew (fix the node's time synchronisation)");
        }
        return skew;
    }

    /**
     * The namespaces in scope, fed one at a time to the planner; a listing restarted after a 410 starts a new plan.
     * The source gives metadata only: whether only the janitor's access remains in a terminating namespace it may
     * act on is asked of {@link OnlyOursReads}, which reads it in full only when it changed since it last did.
     */
    private Listing gather(Instant now) {
        AtomicReference<SweepPlanner.Accumulator> accumulator = new AtomicReference<>(planner.start(now));
        int[] reads = {0};
        Set<String> terminating = new HashSet<>();
        int requests = source.scan(namespace -> {
            boolean ours = false;
            if (namespace.isTerminating() && planner.admission(namespace)
                    .filter(verdict -> verdict == Admission.Verdict.ADMITTED).isPresent()) {
                OnlyOursReads.Read read = onlyOurs.onlyOursRemains(namespace);
                reads[0] += read.requested() ? 1 : 0;
                ours = read.onlyOurs();
                terminating.add(namespace.uid());
            }
            accumulator.get().add(namespace, ours);
            planner.warning(namespace, warnings.before(), now).ifPresent(warnings::warn);
        }, () -> accumulator.set(planner.start(now)));
        onlyOurs.retainOnly(terminating);
        return new Listing(accumulator.get().finish(), requests + reads[0]);
    }

    private static Map<String, NamespaceState> states() {
        Map<String, NamespaceState> byTag = new HashMap<>();
        for (NamespaceState state : NamespaceState.values()) {
            byTag.put(state.tag(), state);
        }
        return Map.copyOf(byTag);
    }

    private record Listing(SweepPlan plan, int requests) {
    }

    /** What the baseline quotas count; null when not asked for ({@code janitor.capacity=false}) or not readable. */
    private BaselineQuotas.Usage capacity(Instant now) {
        if (quotas == null) {
            return null;
        }
        try {
            return quotas.usage(now);
        } catch (KubernetesClientException e) {
            LOG.errorf("capacity unknown this sweep: cannot list the baseline ResourceQuotas (HTTP %d): %s", e.getCode(),
                    e.getMessage());
            metrics.error();
            return null;
        }
    }

    /**
     * The census, the skipped and stuck namespaces and the capacity by state as metrics, and the report of
     * {@code GET /namespaces} (with each namespace's capacity when known).
     */
    private void publish(SweepPlan plan, BaselineQuotas.Usage usage, Instant now) {
        metrics.census(plan.census());
        metrics.skipped(plan.skipped());
        Map<String, Double> terminating = new TreeMap<>();
        for (NamespaceStatus status : plan.stuck()) {
            status.terminatingFor(now).ifPresent(d -> terminating.put(status.namespace().name(), (double) d.getSeconds()));
        }
        metrics.stuck(terminating);
        if (usage == null) {
            metrics.capacity(null);
            snapshots.sweep(now, plan.report());
            return;
        }
        Map<String, NamespaceState> states = new HashMap<>();
        for (NamespaceReport entry : plan.report()) {
            NamespaceState state = STATES.get(entry.state());
            if (state != null) {
                states.put(entry.name(), state);
            }
        }
        metrics.capacity(CapacityByState.sum(states, usage.byNamespace()));
        List<NamespaceReport> report = plan.report().stream()
                .map(entry -> entry.withRequested(usage.byNamespace().get(entry.name())))
                .toList();
        snapshots.sweep(now, report);
    }

    /** Carries out the plan in order; false when the sweep was cut short (interrupted, or leadership lost). */
    private boolean act(SweepPlan plan, Tally tally) {
        try {
            for (NamespaceStatus status : plan.releases()) {
                release(status, tally);
            }
            deletions.run(plan.deletions(), (deletion, outcome) -> tally.count(outcome));
            tally.addErrors(stuck.repair(plan.stuck()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (LeadershipLost e) {
            LOG.warn("leadership lost during the sweep: stopping it; the new leader carries on");
            return false;
        }
    }

    private void release(NamespaceStatus status, Tally tally) throws InterruptedException {
        try {
            if (actions.releaseAccess(status, clock.instant())) {
                tally.countRelease();
            }
        } catch (KubernetesClientException e) {
            LOG.errorf("namespace %s: releasing the janitor's access failed: %s", status.namespace().name(),
                    Failures.reason(e));
            metrics.error();
            tally.addErrors(1);
        }
    }
}
