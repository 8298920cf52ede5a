package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The writes of a scan, one volume at a time. Each is first asked of the {@link ActionGate} (a replica that lost its
 * Lease throws {@link io.ephemeralns.janitor.act.LeadershipLost}; a reclaim is time-based, so a distrusted clock refuses
 * it) and takes a token of the janitor's one rate limit. A reclaim re-reads the volume and its namespace and asks the
 * {@link VolumePlanner} again on what it read, whose UID and resourceVersion are the write's preconditions. Dry-run logs
 * what it would write and writes nothing. A failure is logged with the volume and the reason, counted, and returned
 * as false: the scan goes on.
 *
 * @param api     the API requests
 * @param planner decides again on a re-read
 * @param gate    leadership and clock, asked before each write
 * @param rate    the janitor's one rate limit of deletions and repairs
 * @param dryRun  log, write nothing
 * @param metrics counts labels and reclaims
 * @param errors  counts failures ({@code ephemeral_ns_sweep_errors_total})
 * @param clock   the janitor's clock
 */
public record VolumeActions(PersistentVolumes api, VolumePlanner planner, ActionGate gate, TokenBucket rate,
        boolean dryRun, StorageMetrics metrics, JanitorMetrics errors, Clock clock) {

    private static final Logger LOG = Logger.getLogger(VolumeActions.class);

    /** Requests made and failures met by one scan. */
    static final class Tally {
        int requests;
        int failures;
    }

    /** Writes one owner label; true when written. */
    boolean label(OwnerLabel label, Tally tally) throws InterruptedException {
        if (!gate.permits(false)) {
            return false;
        }
        if (dryRun) {
            LOG.infof("DRY-RUN: would label persistentvolume %s %s=%s", label.volume(), ProductKeys.OWNER_NAMESPACE,
                    label.namespace());
            return false;
        }
        rate.acquire();
        tally.requests++;
        try {
            api.label(label);
            metrics.labelled();
            LOG.infof("labelled persistentvolume %s as namespace %s's (uid %s)", label.volume(), label.namespace(),
                    label.namespaceUid());
            return true;
        } catch (KubernetesClientException e) {
            return failed(e, label.volume(), "labelling it as namespace " + label.namespace() + "'s", tally);
        }
    }

    /** Reclaims one leaked CI volume if a fresh read confirms it; true when done. */
    boolean reclaim(VolumeDeletion planned, Tally tally) throws InterruptedException {
        if (!gate.permits(true)) {
            return false;
        }
        rate.acquire();
        try {
            tally.requests += 2;
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
            return act(fresh.get(), confirmed.get().action(), tally);
        } catch (KubernetesClientException e) {
            return failed(e, planned.volume(), planned.action().tag(), tally);
        }
    }

    private boolean act(VolumeView volume, VolumeDeletion.Action action, Tally tally) {
        String released = volume.lastPhaseChange().map(at -> Ttl.format(Duration.between(at, clock.instant())) + " ago")
                .orElse("at an unknown time");
        if (dryRun) {
            LOG.infof("DRY-RUN: would %s persistentvolume %s (policy %s, claim %s of a gone CI namespace, released %s)",
                    action.tag(), volume.name(), volume.reclaimPolicy(), volume.claim(), released);
            return false;
        }
        tally.requests++;
        if (action == VolumeDeletion.Action.RECLAIM) {
            api.reclaim(volume);
        } else {
            api.delete(volume);
        }
        metrics.reclaimed(action);
        LOG.infof("%s persistentvolume %s (policy was %s, claim %s of a gone CI namespace, released %s)",
                action == VolumeDeletion.Action.RECLAIM ? "set reclaim policy Delete on" : "deleted", volume.name(),
                volume.reclaimPolicy(), volume.claim(), released);
        return true;
    }

    /** A 409 or 404 is the volume having changed since it was read (the next scan sees it); anything else counts. */
    private boolean failed(KubernetesClientException e, String volume, String what, Tally tally) {
        if (e.getCode() == 409 || e.getCode() == 404) {
            LOG.infof("persistentvolume %s changed or went since it was read; the next scan sees it again", volume);
            return false;
        }
        LOG.errorf("persistentvolume %s: %s failed: %s", volume, what, Failures.reason(e));
        errors.error();
        tally.failures++;
        return false;
    }
}
