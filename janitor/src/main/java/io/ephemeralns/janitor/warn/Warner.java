package io.ephemeralns.janitor.warn;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.kube.NamespaceAnnotation;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.WarningMetrics.Channel;
import io.ephemeralns.janitor.warn.WarningMetrics.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Gives a warning ({@link Warning}) on the leader whose clock is trusted, off the caller's thread: first the annotation
 * {@code ephemeral-ns.io/deletion-planned-at} (patched with the namespace's UID, so a re-created namespace is never
 * marked), then the {@code Warning} Event {@value Warning#REASON}, then the optional POST ({@link WebhookNotifier}). A
 * failed annotation stops there (no Event, no POST) and the next sweep tries again; a failed Event or POST is logged and
 * counted, and not tried again (the annotation records the warning as given). In dry-run it logs what it would warn of.
 *
 * <p>The event path and the sweep may both find a namespace in its window before the annotation is back in the cache:
 * this process remembers what it handed over (by UID and deletion time) and gives each warning once.
 *
 * <p>When to warn is decided on the janitor's clock: one an hour ahead would warn an hour early, of a deletion the
 * sweep then refuses for the same skew. So, like a deletion, no warning is handed over while the last sweep found the
 * clock untrusted ({@code janitor.max-clock-skew}); the refusal is counted and the caller tries again later.
 */
public final class Warner implements Warnings {

    private static final Logger LOG = Logger.getLogger(Warner.class);
    /** Most warnings remembered; beyond it the memory is cleared (the annotations then say what was warned of). */
    static final int MEMORY = 10_000;

    private final Duration before;
    private final NamespaceAnnotation annotation;
    private final NamespaceEvents events;
    private final Optional<WebhookNotifier> webhook;
    private final ActionGate gate;
    private final boolean dryRun;
    private final String keepLabel;
    private final ExecutorService executor;
    private final WarningMetrics metrics;
    private final Clock clock;
    /** Deletion time handed over, by UID. */
    private final Map<String, Instant> handedOver = new ConcurrentHashMap<>();

    /**
     * @param before   {@code janitor.warn.before}
     * @param gate     leadership, and the clock verdict of the last sweep
     * @param dryRun   {@code janitor.dry-run}: log, write nothing
     * @param executor bounded (one thread is enough: two requests per warning); a full queue drops the warning, which
     *                 the next sweep finds again
     */
    public Warner(Duration before, NamespaceAnnotation annotation, NamespaceEvents events, Optional<WebhookNotifier> webhook,
            ActionGate gate, boolean dryRun, String keepLabel, ExecutorService executor, WarningMetrics metrics,
            Clock clock) {
        this.before = before;
        this.annotation = annotation;
        this.events = events;
        this.webhook = webhook;
        this.gate = gate;
        this.dryRun = dryRun;
        this.keepLabel = keepLabel;
        this.executor = executor;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Duration before() {
        return before;
    }

    @Override
    public boolean warn(Warning warning) {
        if (!gate.leads() || gate.refusal(true).isPresent()) {
            return false; // a replica that does not lead refused nothing: only a distrusted clock is counted
        }
        if (handedOver.size() > MEMORY) {
            handedOver.clear();
        }
        if (warning.deletionAt().equals(handedOver.put(warning.uid(), warning.deletionAt()))) {
            return true;
        }
        if (dryRun) {
            LOG.infof("DRY-RUN: would warn: %s", warning.message(keepLabel));
            metrics.count(Channel.EVENT, Outcome.DRY_RUN);
            return true;
        }
        try {
            executor.execute(() -> give(warning));
        } catch (RejectedExecutionException e) {
            handedOver.remove(warning.uid());
            LOG.warnf("warning of namespace %s dropped: the queue of warnings is full; the next sweep tries again",
                    warning.name());
            metrics.count(Channel.EVENT, Outcome.DROPPED);
        }
        return true;
    }

    @Override
    public void finish(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        executor.shutdown();
        executor.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS);
        if (webhook.isPresent()) {
            webhook.get().finish(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private void give(Warning warning) {
        if (!gate.leads()) {
            handedOver.remove(warning.uid());
            return;
        }
        if (!annotation.write(warning.name(), warning.uid(), Timestamps.format(warning.deletionAt()))) {
            handedOver.remove(warning.uid());
            metrics.count(Channel.ANNOTATION, Outcome.FAILED);
            return;
        }
        metrics.count(Channel.ANNOTATION, Outcome.SENT);
        boolean recorded = events.record(warning.name(), warning.uid(), "Warning", Warning.REASON,
                warning.message(keepLabel), clock.instant());
        metrics.count(Channel.EVENT, recorded ? Outcome.SENT : Outcome.FAILED);
        LOG.infof("warned: %s", warning.message(keepLabel));
        webhook.ifPresent(notifier -> notifier.send(warning));
    }
}
