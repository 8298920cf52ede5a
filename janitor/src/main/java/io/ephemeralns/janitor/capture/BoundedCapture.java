package io.ephemeralns.janitor.capture;

import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@link Capture} with {@code janitor.capture.enabled}: decides by {@link CaptureScope}, runs the
 * {@link NamespaceCapture} on a capture thread and waits for it at most {@code janitor.capture.timeout}, so that a
 * slow API server, a hung volume or a full disk delays a deletion by the timeout at most. Every capture that failed or
 * timed out is logged with the namespace and its UID, counted ({@code ephemeral_ns_captures_total{outcome}}) and
 * recorded as a {@code Warning} Event {@code CaptureFailed}; the deletion goes on. A capture that timed out is
 * interrupted: it commits what it read, its {@code CAPTURE.txt} saying so.
 *
 * <p>A namespace is captured once per UID (its result is remembered until {@link #forget}): a namespace whose pods
 * drain across sweeps is captured before its workloads are deleted, and its later deletion names that archive.
 * Thread-safe: deletions run on several threads ({@link io.ephemeralns.janitor.act.DeletionRunner}), never two of one
 * namespace at once ({@link io.ephemeralns.janitor.act.ExclusiveDeletions}).
 */
public final class BoundedCapture implements Capture {

    private static final Logger LOG = Logger.getLogger(BoundedCapture.class);

    private final NamespaceCapture capture;
    private final CapturePolicy policy;
    private final ExecutorService threads;
    private final CaptureMetrics metrics;
    private final NamespaceEvents events;
    private final Map<String, CaptureResult> captured = new ConcurrentHashMap<>();

    /** @param threads the capture threads; a full pool rejects (the capture fails, the deletion goes on) */
    public BoundedCapture(NamespaceCapture capture, CapturePolicy policy, ExecutorService threads, CaptureMetrics metrics,
            NamespaceEvents events) {
        this.capture = Objects.requireNonNull(capture, "capture");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public CaptureResult before(Namespace namespace, Instant now) throws InterruptedException {
        String name = namespace.getMetadata().getName();
        String uid = namespace.getMetadata().getUid();
        CaptureResult earlier = captured.get(uid);
        if (earlier != null) {
            return earlier;
        }
        Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of()
                : namespace.getMetadata().getLabels();
        CaptureScope.Decision decision = CaptureScope.decide(labels, policy.keepLabel());
        CaptureResult result;
        if (decision == CaptureScope.Decision.NOT_ASKED) {
            return CaptureResult.NONE;
        } else if (decision == CaptureScope.Decision.MALFORMED) {
            LOG.warnf("namespace %s (uid %s): not captured: label %s=\"%s\" is neither true nor false", name, uid,
                    CaptureScope.LABEL, labels.get(CaptureScope.LABEL));
            result = CaptureResult.malformed(labels.get(CaptureScope.LABEL));
        } else {
            result = run(name, uid, decision, now);
        }
        metrics.count(result.outcome());
        if (result.failedOrTimedOut()) {
            String message = result.warningText();
            LOG.warnf("namespace %s (uid %s): %s", name, uid, message);
            events.record(name, uid, "Warning", "CaptureFailed", message, now);
        } else if (result.archive() != null) {
            LOG.infof("namespace %s (uid %s): captured to archive %s (%s)", name, uid, result.archive(), result.location());
        }
        captured.put(uid, result);
        return result;
    }

    private CaptureResult run(String name, String uid, CaptureScope.Decision decision, Instant now)
            throws InterruptedException {
        String archive = ArchiveName.of(name, uid, now);
        Future<CaptureReport> running;
        try {
            running = threads.submit(() -> {
                makeRoom();
                return capture.capture(name, uid, decision, archive, now);
            });
        } catch (RejectedExecutionException e) {
            return CaptureResult.failed("every capture thread is busy");
        }
        try {
            CaptureReport report = running.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
            metrics.written(report.bytes());
            return CaptureResult.written(report, capture.store().location(archive));
        } catch (TimeoutException e) {
            running.cancel(true);
            return CaptureResult.timedOut(archive, capture.store().location(archive), policy.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return CaptureResult.failed((cause instanceof IOException ? "writing the archive failed: " : "")
                    + cause);
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        }
    }

    /**
     * Removes the oldest archives while the store has less free space than {@link CapturePolicy#room}; one capture
     * thread at a time, so that two do not both give way for the same room. A failure is logged and the capture goes
     * on: it says itself whether it fitted.
     */
    private synchronized void makeRoom() {
        try {
            int removed = ArchiveRoom.make(capture.store(), policy.room());
            if (removed > 0) {
                LOG.warnf("removed the %d oldest capture archives before their retention: less than %d bytes were free"
                        + " for the captures that may run at once (grow the volume, or lower janitor.capture.max-bytes or"
                        + " retention)", removed, policy.room());
                metrics.pruned(removed, CaptureMetrics.PRUNED_FOR_SPACE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("making room for a capture failed: %s", e.toString());
        }
    }

    @Override
    public void forget(String uid) {
        captured.remove(uid);
    }

    @Override
    public void forgetAllBut(Set<String> plannedUids) {
        captured.keySet().retainAll(plannedUids);
    }

    /**
     * Removes the archives older than {@code janitor.capture.retention}; a failure is logged, and the next prune tries
     * again.
     *
     * @return how many were removed
     */
    public int prune(Instant now) {
        int removed = 0;
        try {
            List<String> expired = Retention.expired(capture.store().list(), policy.retention(), now);
            for (String archive : expired) {
                capture.store().remove(archive);
                removed++;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("pruning capture archives older than %s failed after %d removed: %s", Ttl.format(policy.retention()), removed,
                    e.toString());
        }
        if (removed > 0) {
            LOG.infof("pruned %d capture archives older than %s", removed, Ttl.format(policy.retention()));
            metrics.pruned(removed, CaptureMetrics.PRUNED_BY_RETENTION);
        }
        return removed;
    }
}
