package io.ephemeralns.janitor.storage;

import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One scan of the PersistentVolumes, at most once per {@code janitor.storage.interval}: gather the live CI namespaces
 * (from the watch-fed cache, or listed), list the volumes, look up the namespaces of released volumes' claims that are
 * not live CI namespaces (one GET each), ask the {@link VolumePlanner}, publish the metrics and the report, then have
 * the {@link VolumeActions} write the owner labels and then the reclaims. A failed listing ends the scan (counted in
 * {@code ephemeral_ns_sweep_errors_total}) and the next tick tries again; a failed lookup leaves that namespace's
 * volumes undecided this scan.
 */
public class VolumeScan {

    private static final Logger LOG = Logger.getLogger(VolumeScan.class);

    private final CiNamespaces namespaces;
    private final VolumeActions actions;
    private final StorageSnapshot snapshot;
    private final Duration interval;
    /** When the last successful scan started; null: none yet, or standing by. */
    private Instant lastScan;

    /** What one scan did. */
    public record Result(StoragePlan plan, int labelled, int reclaimed, int errors, int requests) {
    }

    /**
     * A scan of the volumes, labelling those of the live CI {@code namespaces}, writing through {@code actions} (which
     * also hold the API, the planner, the metrics and the clock), publishing each report to {@code snapshot}, at most
     * once per {@code interval} ({@code janitor.storage.interval}).
     */
    public VolumeScan(CiNamespaces namespaces, VolumeActions actions, StorageSnapshot snapshot, Duration interval) {
        this.namespaces = namespaces;
        this.actions = actions;
        this.snapshot = snapshot;
        this.interval = interval;
    }

    /** Scans when the last successful scan is at least {@code interval} old; empty when not due or when it failed. */
    public synchronized Optional<Result> scanIfDue() throws InterruptedException {
        Instant now = actions.clock().instant();
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
        actions.metrics().clear();
        snapshot.set(null);
    }

    /** Removes the metrics (the program stops). */
    public void close() {
        actions.metrics().close();
    }

    private Optional<Result> scan(Instant now) throws InterruptedException {
        VolumeActions.Tally tally = new VolumeActions.Tally();
        Map<String, String> ci = new HashMap<>();
        PersistentVolumes.Listing listing;
        try {
            tally.requests += namespaces.gather(ci);
            listing = actions.api().list();
            tally.requests += listing.requests();
        } catch (KubernetesClientException e) {
            LOG.errorf("leaked storage scan failed: cannot list the namespaces or the PersistentVolumes (HTTP %d): %s",
                    e.getCode(), e.getMessage());
            actions.errors().error();
            return Optional.empty();
        }
        VolumePlanner planner = actions.planner();
        StoragePlan plan = planner.plan(listing.volumes(), lookUp(planner.lookups(listing.volumes(), ci), ci, tally), now);
        actions.metrics().leaked(plan.leaked());
        snapshot.set(StorageReport.of(now, plan.leaked()));
        int labelled = 0;
        int reclaimed = 0;
        try {
            for (OwnerLabel label : plan.labels()) {
                labelled += actions.label(label, tally) ? 1 : 0;
            }
            for (VolumeDeletion deletion : plan.deletions()) {
                reclaimed += actions.reclaim(deletion, tally) ? 1 : 0;
            }
        } catch (LeadershipLost e) {
            LOG.warn("leadership lost during the leaked storage scan: stopping it; the new leader carries on");
        }
        Result result = new Result(plan, labelled, reclaimed, tally.failures, tally.requests);
        LOG.info(summary(result, listing.volumes().size()));
        return Optional.of(result);
    }

    /** The live CI namespaces plus one lookup per other namespace asked for; a failed lookup leaves it unknown. */
    private LiveNamespaces lookUp(Set<String> names, Map<String, String> ci, VolumeActions.Tally tally) {
        Map<String, String> existing = new HashMap<>();
        Set<String> gone = new HashSet<>();
        for (String name : names) {
            tally.requests++;
            try {
                actions.api().namespaceUid(name).ifPresentOrElse(uid -> existing.put(name, uid), () -> gone.add(name));
            } catch (KubernetesClientException e) {
                LOG.errorf("namespace %s: cannot tell whether it exists, its released volumes are not judged this scan: %s",
                        name, Failures.reason(e));
                actions.errors().error();
                tally.failures++;
            }
        }
        return new LiveNamespaces(ci, existing, gone);
    }

    private String summary(Result result, int volumes) {
        List<LeakedVolume> leaked = result.plan().leaked();
        long ci = leaked.stream().filter(volume -> volume.owner() == Owner.CI).count();
        return (actions.dryRun() ? "DRY-RUN " : "") + "leaked storage scan: volumes=" + volumes + " leaked="
                + leaked.size() + " (ci=" + ci + " unknown=" + (leaked.size() - ci) + ") labelled=" + result.labelled()
                + " labels-deferred=" + result.plan().deferredLabels() + " reclaimed=" + result.reclaimed()
                + " reclaims-deferred=" + result.plan().deferredDeletions() + " errors=" + result.errors()
                + " requests=" + result.requests();
    }
}
