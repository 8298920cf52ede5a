package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.NamespaceListing;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One check of the sleep, every {@code janitor.sleep.interval}, on the leader: gathers the candidates, asks
 * {@link SleepDecision} for each, and acts (in dry-run it logs what it would do and writes nothing). A sleep is decided
 * on the janitor's clock, so none is done while the last sweep found that clock untrusted ({@code janitor.max-clock-skew});
 * a wake is asked for by a person and goes ahead.
 *
 * <p>Requests: two label-selected namespace listings, metadata only ({@code <keep-label>=true} and
 * {@code ephemeral-ns.io/wake=true}: only kept namespaces and those asked to wake, never the whole scope), then for
 * each candidate the {@link io.ephemeralns.janitor.plan.SweepPlanner} checks scope and admission in memory and two
 * lists (its Deployments, its StatefulSets) follow only for a kept namespace that does not sleep yet or one with the
 * wake label. At 10,000 CI namespaces of which K are kept: at most 2 + 2K list requests per interval (fewer while some
 * sleep: a sleeping namespace is not listed again until it is asked to wake), whatever the total.
 *
 * <p>A sleep writes the namespace first ({@code slept-at} and the record {@code sleep-replicas}, with its UID), then
 * each workload (its count and its annotation in one write, guarded by the resourceVersion it was read with), so no
 * workload is ever scaled down without a record of its count. A write refused because the workload changed since is
 * decided again on a fresh read ({@link SleepDecision#changedSinceDecided}): a controller's status write does not keep
 * it awake, a person's change does. A workload left running is taken out of the record afterwards, and a namespace
 * where none was scaled loses its sleep annotations: it is never marked asleep while all its workloads run. A wake
 * restores each workload first (again decided anew after a conflict) and removes the namespace's annotations and the
 * wake label only when every restore succeeded; otherwise the label stays and the next check carries on. Per-namespace failures
 * are logged with the namespace and counted, and the check goes on with the next.
 */
public class SleepCheck {

    private static final Logger LOG = Logger.getLogger(SleepCheck.class);
    /** Most writes of one workload's count: the first, and one after each conflict with a fresh read. */
    static final int MAX_ATTEMPTS = 5;
    /** Event reasons. */
    public static final String SLEPT = "Slept";
    public static final String WOKEN = "Woken";

    /**
     * What a check reads, writes and counts with.
     *
     * @param lister  lists the candidates (kept, or labelled to wake)
     * @param planner scope, admission and state of a candidate, as the sweep sees them
     * @param gate    leadership (asked again before each namespace) and the clock verdict of the last sweep: a sleep is
     *                time-based, so it is refused (and counted) while the janitor's clock is not trusted
     */
    public record Dependencies(NamespaceLister lister, SweepPlanner planner, WorkloadApi api, NamespaceEvents events,
            SleepMetrics metrics, ActionGate gate, Clock clock) {
    }

    /**
     * How a check acts.
     *
     * @param dryRun    {@code janitor.dry-run}: log, write nothing
     * @param keepLabel the key of the keep label ({@code ephemeral-ns.keep-label})
     * @param after     {@code janitor.sleep.after}
     */
    public record Mode(boolean dryRun, String keepLabel, Duration after) {
    }

    private final Dependencies with;
    private final Mode mode;
    /** Never two checks at once. */
    private final AtomicBoolean running = new AtomicBoolean();

    public SleepCheck(Dependencies with, Mode mode) {
        this.with = with;
        this.mode = mode;
    }

    /** Runs one check, unless this replica is not the leader or a check is still running. */
    public void check() {
        if (!with.gate().leads() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = with.clock().instant();
            Map<String, NamespaceView> candidates = new LinkedHashMap<>();
            for (String selector : List.of(mode.keepLabel() + "=true", ProductKeys.WAKE + "=true")) {
                with.lister().list(new NamespaceListing(selector, false),
                        namespace -> candidates.putIfAbsent(namespace.name(), namespace));
            }
            long sleeping = 0;
            for (NamespaceView namespace : candidates.values()) {
                if (!with.gate().leads()) {
                    return;
                }
                if (checkOne(namespace, now)) {
                    sleeping++;
                }
            }
            with.metrics().sleeping(sleeping);
        } catch (KubernetesClientException e) {
            LOG.errorf("sleep check failed: cannot list kept namespaces: %s", Failures.reason(e));
            with.metrics().failed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
        }
    }

    /** Decides and acts on one candidate; true when it sleeps afterwards. */
    private boolean checkOne(NamespaceView namespace, Instant now) {
        Optional<NamespaceStatus> status = with.planner().classify(namespace, now);
        boolean sleeping = SleepDecision.isSleeping(namespace);
        if (status.isEmpty() || namespace.isTerminating() || namespace.uid() == null) {
            return false; // not a CI namespace the janitor may act on
        }
        boolean kept = status.get().state() == NamespaceState.KEPT;
        boolean wake = "true".equals(namespace.label(ProductKeys.WAKE));
        if (!wake && (sleeping || !kept)) {
            return sleeping; // nothing to decide: no workload listing
        }
        try {
            List<Workload> workloads = with.api().list(namespace.name());
            SleepPlan plan = SleepDecision.decide(namespace, kept, workloads, mode.after(), now);
            return switch (plan.action()) {
                case NOTHING -> {
                    LOG.debugf("namespace %s stays as it is: %s", namespace.name(), plan.reason());
                    yield sleeping;
                }
                case SLEEP -> sleep(namespace, plan, now);
                case WAKE -> wake(namespace, workloads, plan, now);
                case CLEAR_WAKE -> clearWake(namespace, plan);
            };
        } catch (KubernetesClientException e) {
            LOG.errorf("namespace %s: sleep check failed: %s; tried again at the next check", namespace.name(),
                    Failures.reason(e));
            with.metrics().failed();
            return sleeping;
        }
    }

    private boolean sleep(NamespaceView namespace, SleepPlan plan, Instant now) {
        String name = namespace.name();
        if (with.gate().refusal(true).isPresent()) {
            // a clock a day ahead would find every kept namespace unchanged for a day: the sweep logs the skew
            LOG.debugf("namespace %s not put to sleep now: the janitor's clock is not trusted or it lost the Lease", name);
            return false;
        }
        SleepRecord record = SleepRecord.of(plan.sleep());
        if (mode.dryRun()) {
            LOG.infof("DRY-RUN: would put namespace %s to sleep (%s): %s", name, plan.reason(), record.format());
            return false;
        }
        with.api().patchNamespace(name, namespace.uid(), Map.of(),
                Map.of(ProductKeys.SLEPT_AT, Timestamps.format(now), ProductKeys.SLEEP_REPLICAS, record.format()));
        List<Workload> scaled = new ArrayList<>();
        List<String> leftRunning = new ArrayList<>();
        for (Workload workload : plan.sleep()) {
            try {
                write(name, workload, 0, String.valueOf(workload.replicas()),
                        current -> SleepDecision.changedSinceDecided(workload, current))
                        .ifPresentOrElse(leftRunning::add, () -> scaled.add(workload));
            } catch (KubernetesClientException e) {
                leftRunning.add(workload.ref() + " (" + Failures.reason(e) + ")");
                with.metrics().failed();
                LOG.errorf("namespace %s: %s not scaled to zero, left running: %s", name, workload.ref(), Failures.reason(e));
            }
        }
        boolean recordTruthful = scaled.size() == plan.sleep().size() || recordOnly(namespace, scaled);
        if (scaled.isEmpty()) {
            LOG.infof("namespace %s not put to sleep: %s", name, String.join("; ", leftRunning));
            return !recordTruthful; // a record that could not be removed still says asleep; a wake restores nothing
        }
        String message = "put to sleep after " + Ttl.format(mode.after()) + " without change: scaled to zero "
                + String.join(", ", scaled.stream().map(workload -> workload.ref() + " (" + workload.replicas() + ")").toList())
                + (leftRunning.isEmpty() ? "" : "; left running: " + String.join(", ", leftRunning))
                + "; wake it with kubectl label namespace " + name + " " + ProductKeys.WAKE + "=true";
        with.events().record(name, namespace.uid(), "Normal", SLEPT, message, now);
        with.metrics().slept();
        LOG.infof("namespace %s %s", name, message);
        return true;
    }

    /**
     * Rewrites the namespace's record after a sleep that scaled fewer workloads than planned, so that it names only
     * those at zero because of it; with none, removes the sleep's annotations: a namespace is never marked asleep while
     * all its workloads run. False when the write failed (logged and counted).
     */
    private boolean recordOnly(NamespaceView namespace, List<Workload> scaled) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(ProductKeys.SLEEP_REPLICAS, scaled.isEmpty() ? null : SleepRecord.of(scaled).format());
        if (scaled.isEmpty()) {
            annotations.put(ProductKeys.SLEPT_AT, null);
        }
        try {
            with.api().patchNamespace(namespace.name(), namespace.uid(), Map.of(), annotations);
            return true;
        } catch (KubernetesClientException e) {
            with.metrics().failed();
            LOG.errorf("namespace %s: could not correct the sleep record to %s: %s", namespace.name(),
                    annotations.get(ProductKeys.SLEEP_REPLICAS), Failures.reason(e));
            return false;
        }
    }

    /**
     * Writes a count (and the workload's {@code sleep-replicas} annotation, removed with null) to one workload as read
     * when decided. A write refused because the workload changed since (409: on a live cluster a controller's status
     * write is enough, a rollout writes many) reads it again and, when {@code stillWanted} finds no reason against it,
     * writes again, at most {@link #MAX_ATTEMPTS} times.
     *
     * @return empty when written, else why not (it changed since, or it is gone)
     * @throws KubernetesClientException any other failure, or a conflict on the last attempt
     */
    private Optional<String> write(String namespace, Workload decided, int replicas, String saved,
            Function<Workload, Optional<String>> stillWanted) {
        Workload current = decided;
        for (int attempt = 1; ; attempt++) {
            try {
                with.api().setReplicas(namespace, current, replicas, saved);
                return Optional.empty();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Optional.of(decided.ref() + " is gone");
                }
                if (e.getCode() != 409 || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.infof("namespace %s: %s changed since it was read (409, attempt %d of %d): read again", namespace,
                        decided.ref(), attempt, MAX_ATTEMPTS);
            }
            Optional<Workload> again = with.api().get(namespace, decided);
            if (again.isEmpty()) {
                return Optional.of(decided.ref() + " is gone");
            }
            Optional<String> against = stillWanted.apply(again.get());
            if (against.isPresent()) {
                return against;
            }
            current = again.get();
        }
    }

    private boolean wake(NamespaceView namespace, List<Workload> workloads, SleepPlan plan, Instant now) {
        String name = namespace.name();
        if (mode.dryRun()) {
            LOG.infof("DRY-RUN: would wake namespace %s: %s", name, plan.restores().stream()
                    .map(restore -> restore.workload().ref() + "=" + restore.replicas()).toList());
            return true;
        }
        List<String> restored = new ArrayList<>();
        List<String> notes = new ArrayList<>(plan.notes());
        int failures = 0;
        for (SleepPlan.Restore restore : plan.restores()) {
            Workload workload = restore.workload();
            try {
                write(name, workload, restore.replicas(), null, SleepDecision::scaledSinceSlept)
                        .ifPresentOrElse(notes::add, () -> restored.add(workload.ref() + " (" + restore.replicas() + ")"));
            } catch (KubernetesClientException e) {
                failures++;
                with.metrics().failed();
                LOG.errorf("namespace %s: %s not restored to %d: %s", name, workload.ref(), restore.replicas(),
                        Failures.reason(e));
            }
        }
        if (failures > 0) {
            LOG.warnf("namespace %s: wake incomplete (%d failed); the wake label stays and the next check carries on", name,
                    failures);
            return true;
        }
        for (Workload workload : workloads) {
            boolean restoredNow = plan.restores().stream().anyMatch(restore -> restore.workload().equals(workload));
            if (workload.saved() != null && !restoredNow) {
                removeAnnotation(name, workload);
            }
        }
        Map<String, String> labels = new HashMap<>();
        labels.put(ProductKeys.WAKE, null);
        Map<String, String> annotations = new HashMap<>();
        annotations.put(ProductKeys.SLEPT_AT, null);
        annotations.put(ProductKeys.SLEEP_REPLICAS, null);
        annotations.put(ProductKeys.WOKEN_AT, Timestamps.format(now));
        with.api().patchNamespace(name, namespace.uid(), labels, annotations);
        String message = "woken by the label " + ProductKeys.WAKE + "=true: restored "
                + (restored.isEmpty() ? "nothing" : String.join(", ", restored))
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
                + "; it sleeps again after " + Ttl.format(mode.after()) + " without change";
        with.events().record(name, namespace.uid(), "Normal", WOKEN, message, now);
        with.metrics().woken();
        LOG.infof("namespace %s %s", name, message);
        return false;
    }

    /** Removes a stale or forged {@code sleep-replicas} annotation of a workload the wake did not restore. */
    private void removeAnnotation(String namespace, Workload workload) {
        try {
            with.api().removeSaved(namespace, workload);
        } catch (KubernetesClientException e) {
            LOG.warnf("namespace %s: could not remove the annotation %s of %s: %s", namespace, ProductKeys.SLEEP_REPLICAS,
                    workload.ref(), Failures.reason(e));
        }
    }

    private boolean clearWake(NamespaceView namespace, SleepPlan plan) {
        if (mode.dryRun()) {
            LOG.infof("DRY-RUN: would remove the label %s of namespace %s: %s", ProductKeys.WAKE, namespace.name(),
                    plan.reason());
            return false;
        }
        Map<String, String> labels = new HashMap<>();
        labels.put(ProductKeys.WAKE, null);
        with.api().patchNamespace(namespace.name(), namespace.uid(), labels, Map.of());
        LOG.infof("namespace %s: removed the label %s: %s", namespace.name(), ProductKeys.WAKE, plan.reason());
        return false;
    }
}
