package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
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
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One check of the sleep, every {@code janitor.sleep.interval}, on the leader: gathers the candidates, asks
 * {@link SleepDecision} for each, and acts (in dry-run it logs what it would do and writes nothing).
 *
 * <p>Requests: two label-selected namespace listings, metadata only ({@code <keep-label>=true} and
 * {@code ephemeral-ns.io/wake=true}: only kept namespaces and those asked to wake, never the whole scope), then for
 * each candidate the {@link io.ephemeralns.janitor.plan.SweepPlanner} checks scope and admission in memory and two
 * lists (its Deployments, its StatefulSets) follow only for a kept namespace that does not sleep yet or one with the
 * wake label. At 10,000 CI namespaces of which K are kept: at most 2 + 2K list requests per interval (fewer while some
 * sleep: a sleeping namespace is not listed again until it is asked to wake), whatever the total.
 *
 * <p>A sleep writes the namespace first ({@code slept-at} and the record {@code sleep-replicas}, with its UID), then
 * each workload (its annotation, then its scale to zero, each guarded by the resourceVersion the decision saw), so no
 * workload is ever scaled down without a record of its count; a workload whose write fails keeps running (the wake
 * leaves it as it is). A wake restores each workload first and removes the namespace's annotations and the wake label
 * only when every restore succeeded; otherwise the label stays and the next check carries on. Per-namespace failures
 * are logged with the namespace and counted, and the check goes on with the next.
 */
public class SleepCheck {

    private static final Logger LOG = Logger.getLogger(SleepCheck.class);
    /** Event reasons. */
    public static final String SLEPT = "Slept";
    public static final String WOKEN = "Woken";

    /**
     * What a check reads, writes and counts with.
     *
     * @param lister  lists the candidates (kept, or labelled to wake)
     * @param planner scope, admission and state of a candidate, as the sweep sees them
     */
    public record Dependencies(NamespaceLister lister, SweepPlanner planner, WorkloadApi api, NamespaceEvents events,
            SleepMetrics metrics, Clock clock) {
    }

    /**
     * How a check acts.
     *
     * @param leader    whether this replica holds the janitor's Lease, asked again before each namespace
     * @param dryRun    {@code janitor.dry-run}: log, write nothing
     * @param keepLabel the key of the keep label ({@code ephemeral-ns.keep-label})
     * @param after     {@code janitor.sleep.after}
     */
    public record Mode(BooleanSupplier leader, boolean dryRun, String keepLabel, Duration after) {
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
        if (!mode.leader().getAsBoolean() || !running.compareAndSet(false, true)) {
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
                if (!mode.leader().getAsBoolean()) {
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
        SleepRecord record = SleepRecord.of(plan.sleep());
        if (mode.dryRun()) {
            LOG.infof("DRY-RUN: would put namespace %s to sleep (%s): %s", name, plan.reason(), record.format());
            return false;
        }
        with.api().patchNamespace(name, namespace.uid(), Map.of(),
                Map.of(ProductKeys.SLEPT_AT, Timestamps.format(now), ProductKeys.SLEEP_REPLICAS, record.format()));
        List<String> scaled = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Workload workload : plan.sleep()) {
            try {
                String version = with.api().annotate(name, workload, workload.resourceVersion(), ProductKeys.SLEEP_REPLICAS,
                        String.valueOf(workload.replicas()));
                with.api().scale(name, workload, version, 0);
                scaled.add(workload.ref() + " (" + workload.replicas() + ")");
            } catch (KubernetesClientException e) {
                failed.add(workload.ref());
                with.metrics().failed();
                LOG.errorf("namespace %s: %s not scaled to zero, left running: %s", name, workload.ref(), Failures.reason(e));
            }
        }
        String message = "put to sleep after " + Ttl.format(mode.after()) + " without change: scaled to zero "
                + String.join(", ", scaled)
                + (failed.isEmpty() ? "" : "; left running (changed or gone since): " + String.join(", ", failed))
                + "; wake it with kubectl label namespace " + name + " " + ProductKeys.WAKE + "=true";
        with.events().record(name, namespace.uid(), "Normal", SLEPT, message, now);
        with.metrics().slept();
        LOG.infof("namespace %s %s", name, message);
        return true;
    }

    private boolean wake(NamespaceView namespace, List<Workload> workloads, SleepPlan plan, Instant now) {
        String name = namespace.name();
        if (mode.dryRun()) {
            LOG.infof("DRY-RUN: would wake namespace %s: %s", name, plan.restores().stream()
                    .map(restore -> restore.workload().ref() + "=" + restore.replicas()).toList());
            return true;
        }
        List<String> restored = new ArrayList<>();
        int failures = 0;
        for (SleepPlan.Restore restore : plan.restores()) {
            Workload workload = restore.workload();
            try {
                String version = with.api().scale(name, workload, workload.resourceVersion(), restore.replicas());
                with.api().annotate(name, workload, version, ProductKeys.SLEEP_REPLICAS, null);
                restored.add(workload.ref() + " (" + restore.replicas() + ")");
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
                + (plan.notes().isEmpty() ? "" : "; " + plan.reason())
                + "; it sleeps again after " + Ttl.format(mode.after()) + " without change";
        with.events().record(name, namespace.uid(), "Normal", WOKEN, message, now);
        with.metrics().woken();
        LOG.infof("namespace %s %s", name, message);
        return false;
    }

    /** Removes a stale or forged {@code sleep-replicas} annotation of a workload the wake did not restore. */
    private void removeAnnotation(String namespace, Workload workload) {
        try {
            with.api().annotate(namespace, workload, workload.resourceVersion(), ProductKeys.SLEEP_REPLICAS, null);
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
