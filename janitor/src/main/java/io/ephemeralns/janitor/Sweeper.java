package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.stuck.StuckNamespaces;
import io.ephemeralns.janitor.stuck.UnavailableApiService;
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
 * One sweep: gather the CI namespaces, ask the {@link SweepPlanner} for a plan, act on it unless dry-run,
 * publish the metrics and log one summary line. Never two sweeps at once: a sweep requested while another
 * runs is skipped. A failure on one namespace is logged with its name and reason, counted, and the sweep
 * goes on with the next.
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
    private final AtomicBoolean running = new AtomicBoolean();

    public Sweeper(NamespaceLister lister, NamespaceDeleter deleter, DeletionEvents events, JanitorMetrics metrics,
            JanitorSettings settings, JanitorConfig config, Clock clock, TokenBucket deletes,
            StuckNamespaces stuck) {
        this.lister = lister;
        this.deleter = deleter;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.dryRun = config.dryRun();
        this.clock = clock;
        this.deletes = deletes;
        this.stuck = stuck;
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
        Instant now = clock.instant();
        SweepPlanner planner = new SweepPlanner(settings.shared(), settings.policy());
        AtomicReference<SweepPlanner.Accumulator> accumulator = new AtomicReference<>(planner.start(now));
        int requests;
        try {
            requests = lister.scan(namespace -> accumulator.get().add(namespace), () -> accumulator.set(planner.start(now)));
        } catch (KubernetesClientException e) {
            LOG.errorf("sweep failed: cannot list namespaces (HTTP %d): %s", e.getCode(), e.getMessage());
            metrics.error();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.sweep(took, false, clock.instant());
            return new SweepResult(false, false, null, new EnumMap<>(DeletionOutcome.class), 1, 0, took);
        }
        SweepPlan plan = accumulator.get().finish();
        metrics.census(plan.census());

        Map<DeletionOutcome, Integer> outcomes = new EnumMap<>(DeletionOutcome.class);
        int errors = 0;
        boolean interrupted = false;
        for (Deletion deletion : plan.deletions()) {
            DeletionOutcome outcome;
            try {
                outcome = act(deletion, planner);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                break;
            } catch (RuntimeException e) {
                LOG.errorf("namespace %s (uid %s): deletion failed: %s", deletion.name(), deletion.uid(), reason(e));
                metrics.error();
                errors++;
                outcome = DeletionOutcome.FAILED;
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        Map<String, Double> terminating = new TreeMap<>();
        List<UnavailableApiService> apiServices = plan.stuck().isEmpty() ? List.of() : stuck.unavailableApiServices();
        for (NamespaceStatus status : plan.stuck()) {
            status.terminatingFor(now).ifPresent(d -> terminating.put(status.namespace().name(), (double) d.getSeconds()));
            if (interrupted) {
                break;
            }
            try {
                stuck.handle(status, apiServices, clock.instant(), dryRun);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
            } catch (RuntimeException e) {
                LOG.errorf("namespace %s: stuck-namespace repair failed: %s", status.namespace().name(), reason(e));
                metrics.error();
                errors++;
            }
        }
        metrics.stuck(terminating);
        Set<String> planned = plan.deletions().stream().map(Deletion::uid).collect(Collectors.toSet());
        deleter.retainOnly(planned);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.sweep(took, !interrupted, clock.instant());
        SweepResult result = new SweepResult(!interrupted, false, plan, outcomes, errors, requests, took);
        LOG.info(summary(result));
        return result;
    }

    private DeletionOutcome act(Deletion deletion, SweepPlanner planner) throws InterruptedException {
        Instant now = clock.instant();
        if (dryRun) {
            LOG.infof("DRY-RUN: would delete %s", DeletionEvents.describe(deletion));
            return DeletionOutcome.WOULD_DELETE;
        }
        deletes.acquire();
        NamespaceView fresh = deleter.read(deletion.name());
        if (fresh == null) {
            LOG.infof("namespace %s: already gone", deletion.name());
            return DeletionOutcome.GONE;
        }
        if (!planner.stillDue(deletion, fresh, now)) {
            LOG.infof("namespace %s: no longer due when read again (re-created, kept, relabelled or terminating); left alone",
                    deletion.name());
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

    private String summary(SweepResult result) {
        SweepPlan plan = result.plan();
        return String.format("sweep%s: %d CI namespaces (%s); %s %d, draining %d, gone %d, left alone %d, failed %d,"
                        + " deferred %d; %d list requests in %d ms",
                dryRun ? " (dry-run)" : "", plan.scanned(), plan.census().describe(),
                dryRun ? "would delete" : "deleted",
                dryRun ? result.count(DeletionOutcome.WOULD_DELETE) : result.count(DeletionOutcome.DELETED),
                result.count(DeletionOutcome.DRAINING), result.count(DeletionOutcome.GONE),
                result.count(DeletionOutcome.NO_LONGER_DUE), result.count(DeletionOutcome.FAILED), plan.deferred(),
                result.requests(), result.duration().toMillis());
    }

    private static String reason(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "HTTP " + k.getCode() + ": " + k.getMessage();
        }
        return e.toString();
    }
}
