package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.NamespaceSource;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One scan of the PersistentVolumes, at most once per {@code janitor.storage.interval}: gather the live CI namespaces
 * (from the watch-fed cache, or listed), list the volumes, look up the namespaces of released volumes' claims that are
 * not live CI namespaces (one GET each), ask the {@link VolumePlanner}, publish the metrics and the report, then act:
 * the owner labels, then the reclaims. Every write is first asked of the {@link ActionGate} (a replica that lost its
 * Lease stops there; reclaims are time-based, so a distrusted clock refuses them) and takes a token of the janitor's one
 * rate limit; a reclaim re-reads the volume and its namespace and decides again on what it read, whose UID and
 * resourceVersion are the write's preconditions. Dry-run logs what it would write and writes nothing. A failure on one
 * volume is logged with its name and reason, counted, and the scan goes on; a failed listing ends the scan, and the
 * next tick tries again.
 */
public class VolumeScan {

    private static final Logger LOG = Logger.getLogger(VolumeScan.class);

    private final PersistentVolumes api;
    private final Supplier<NamespaceSource> namespaces;
    private final SweepPlanner scope;
    private final VolumePlanner planner;
    private final ActionGate gate;
    private final TokenBucket rate;
    private final boolean dryRun;
    private final StorageMetrics metrics;
    private final JanitorMetrics errors;
    private final StorageSnapshot snapshot;
    private final Clock clock;
    private final Duration interval;
    private Instant lastScan;

    /**
     * @param namespaces where the CI namespaces come from now (the cache when it is synced, else the lister)
     * @param scope      which namespaces are CI namespaces the janitor may act on (in scope, admitted)
     * @param interval   least time between two scans ({@code janitor.storage.interval})
     */
    public VolumeScan(PersistentVolumes api, Supplier<NamespaceSource> namespaces, SweepPlanner scope,
            VolumePlanner planner, ActionGate gate, TokenBucket rate, boolean dryRun, StorageMetrics metrics,
            JanitorMetrics errors, StorageSnapshot snapshot, Clock clock, Duration interval) {
        this.api = api;
        this.namespaces = namespaces;
        this.scope = scope;
        this.planner = planner;
        this.gate = gate;
        this.rate = rate;
        this.dryRun = dryRun;
        this.metrics = metrics;
        this.errors = errors;
        this.snapshot = snapshot;
        this.clock = clock;
        this.interval = interval;
    }

    /** What one scan did. */
    public record Result(StoragePlan plan, int labelled, int reclaimed, int errors, int requests) {
    }

    /** Scans when the last successful scan is at least {@code interval} old; empty when not due or when it failed. */
    public synchronized Optional<Result> scanIfDue() throws InterruptedException {
        Instant now = clock.instant();
        if (lastScan != null && now.isBefore(lastScan.plus(interval))) {
            return Optional.empty();
        }
        Optional<Result> result = scan(now);
        if (result.isPresent()) {
            lastScan = now;
        }
        return result;
    }

    /** A replica that does not scan: no leak series, no report, and a scan at once should it lead again. */
    public synchronized void standBy() {
        lastScan = null;
        metrics.clear();
        snapshot.set(null);
    }

    /** Removes the metrics (the program stops). */
    public void close() {
        metrics.close();
    }

    private Optional<Result> scan(Instant now) throws InterruptedException {
        int[] requests = {0};
        Map<String, String> ci = new HashMap<>();
        PersistentVolumes.Listing listing;
        try {
            requests[0] += namespaces.get().scan(namespace -> {
                if (namespace.uid() != null && !namespace.uid().isEmpty() && scope.admission(namespace)
                        .filter(verdict -> verdict == Admission.Verdict.ADMITTED).isPresent()) {
                    ci.put(namespace.name(), namespace.uid());
                }
            }, ci::clear);
            listing = api.list();
            requests[0] += listing.requests();
        } catch (KubernetesClientException e) {
            LOG.errorf("leaked storage scan failed: cannot list the namespaces or the PersistentVolumes (HTTP %d): %s",
                    e.getCode(), e.getMessage());
            errors.error();
            return Optional.empty();
        }
        int[] failures = {0};
        LiveNamespaces live = lookUp(planner.lookups(listing.volumes(), ci), ci, requests, failures);
        StoragePlan plan = planner.plan(listing.volumes(), live, now);
        metrics.leaked(plan.leaked());
        snapshot.set(StorageReport.of(now, plan.leaked()));
        int labelled = 0;
        int reclaimed = 0;
        try {
            for (OwnerLabel label : plan.labels()) {
                if (label(label, requests, failures)) {
                    labelled++;
                }
            }
            for (VolumeDeletion deletion : plan.deletions()) {
                if (reclaim(deletion, requests, failures)) {
                    reclaimed++;
                }
            }
        } catch (LeadershipLost e) {
            LOG.warn("leadership lost during the leaked storage scan: stopping it; the new leader carries on");
        }
        Result result = new Result(plan, labelled, reclaimed, failures[0], requests[0]);
        LOG.info(summary(result, listing.volumes().size()));
        return Optional.of(result);
    }

    /** The live CI namespaces plus one lookup per other namespace asked for; a failed lookup leaves it unknown. */
    private LiveNamespaces lookUp(Set<String> names, Map<String, String> ci, int[] requests, int[] failures) {
        Map<String, String> existing = new HashMap<>();
        Set<String> gone = new HashSet<>();
        for (String name : names) {
            requests[0]++;
            try {
                api.namespaceUid(name).ifPresentOrElse(uid -> existing.put(name, uid), () -> gone.add(name));
            } catch (KubernetesClientException e) {
                LOG.errorf("namespace %s: cannot tell whether it exists, its released volumes are not judged this scan: %s",
                        name, Failures.reason(e));
                errors.error();
                failures[0]++;
            }
        }
        return new LiveNamespaces(ci, existing, gone);
    }

    private boolean label(OwnerLabel label, int[] requests, int[] failures) throws InterruptedException {
        if (!gate.permits(false)) {
            return false;
        }
        if (dryRun) {
            LOG.infof("DRY-RUN: would label persistentvolume %s %s=%s", label.volume(),
                    io.ephemeralns.common.ProductKeys.OWNER_NAMESPACE, label.namespace());
            return false;
        }
        rate.acquire();
        requests[0]++;
        try {
            api.label(label);
            metrics.labelled();
            LOG.infof("labelled persistentvolume %s as namespace %s's (uid %s)", label.volume(), label.namespace(),
                    label.namespaceUid());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                LOG.infof("persistentvolume %s changed or went since it was read; the next scan sees it again",
                        label.volume());
                return false;
            }
            LOG.errorf("persistentvolume %s: labelling it as namespace %s's failed: %s", label.volume(), label.namespace(),
                    Failures.reason(e));
            errors.error();
            failures[0]++;
            return false;
        }
    }

    private boolean reclaim(VolumeDeletion planned, int[] requests, int[] failures) throws InterruptedException {
        if (!gate.permits(true)) {
            return false;
        }
        rate.acquire();
        try {
            requests[0] += 2;
            Optional<VolumeView> fresh = api.read(planned.volume());
            Optional<String> namespaceUid = api.namespaceUid(planned.namespace());
            LiveNamespaces live = new LiveNamespaces(Map.of(),
                    namespaceUid.map(uid -> Map.of(planned.namespace(), uid)).orElse(Map.of()),
                    namespaceUid.isPresent() ? Set.of() : Set.of(planned.namespace()));
            Optional<VolumeDeletion> confirmed = fresh.flatMap(volume -> planner.confirm(planned, volume, live,
                    clock.instant()));
            if (confirmed.isEmpty()) {
                LOG.infof("persistentvolume %s is no longer due for reclaim on a fresh read; left alone", planned.volume());
                return false;
            }
            VolumeView volume = fresh.get();
            VolumeDeletion.Action action = confirmed.get().action();
            if (dryRun) {
                LOG.infof("DRY-RUN: would %s persistentvolume %s (%s, claim %s of gone CI namespace, released at %s)",
                        action.tag(), volume.name(), volume.reclaimPolicy(), volume.claim(),
                        volume.lastPhaseChange().map(Object::toString).orElse("?"));
                return false;
            }
            requests[0]++;
            if (action == VolumeDeletion.Action.RECLAIM) {
                api.reclaim(volume);
            } else {
                api.delete(volume);
            }
            metrics.reclaimed(action);
            LOG.infof("%s persistentvolume %s (was %s, claim %s of gone CI namespace %s, released %s ago)",
                    action == VolumeDeletion.Action.RECLAIM ? "set reclaim policy Delete on" : "deleted", volume.name(),
                    volume.reclaimPolicy(), volume.claim(), planned.namespace(), volume.lastPhaseChange()
                            .map(at -> Ttl.format(Duration.between(at, clock.instant()))).orElse("?"));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                LOG.infof("persistentvolume %s changed or went since it was read; the next scan sees it again",
                        planned.volume());
                return false;
            }
            LOG.errorf("persistentvolume %s: %s failed: %s", planned.volume(), planned.action().tag(), Failures.reason(e));
            errors.error();
            failures[0]++;
            return false;
        }
    }

    private String summary(Result result, int volumes) {
        List<LeakedVolume> leaked = result.plan().leaked();
        long ci = leaked.stream().filter(volume -> volume.owner() == Owner.CI).count();
        return (dryRun ? "DRY-RUN " : "") + "leaked storage scan: volumes=" + volumes + " leaked=" + leaked.size()
                + " (ci=" + ci + " unknown=" + (leaked.size() - ci) + ")" + " labelled=" + result.labelled()
                + " labels-deferred=" + result.plan().deferredLabels() + " reclaimed=" + result.reclaimed()
                + " reclaims-deferred=" + result.plan().deferredDeletions() + " errors=" + result.errors()
                + " requests=" + result.requests();
    }
}
