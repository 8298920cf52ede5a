package io.ephemeralns.janitor;

import io.ephemeralns.janitor.capture.BoundedCapture;
import io.ephemeralns.janitor.capture.Capture;
import io.ephemeralns.janitor.capture.CaptureMetrics;
import io.ephemeralns.janitor.capture.CapturePolicy;
import io.ephemeralns.janitor.capture.DirectoryStore;
import io.ephemeralns.janitor.capture.NamespaceCapture;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceReads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Builds the capture before deletion from {@link CaptureSettings}, next to {@link JanitorComponents}, which hands it to
 * {@link io.ephemeralns.janitor.act.LiveActions} (dry-run never captures: its actions delete nothing). Off:
 * {@link Capture#off()}. On: a {@link BoundedCapture} over a {@link DirectoryStore}, with one capture thread per
 * deletion in flight ({@code janitor.deletion-concurrency}), and the retention pruned at start-up and every
 * {@link #PRUNE_EVERY} (run-once: at start-up only; dry-run: never).
 */
@ApplicationScoped
class CaptureComponents {

    private static final Logger LOG = Logger.getLogger(CaptureComponents.class);
    /** Time between two prunes of the archives. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private ScheduledExecutorService pruning;

    /** Validates {@code janitor.capture.*} (a bad value stops the program) and logs it once. */
    @Produces
    @Singleton
    Capture capture(JanitorSettings settings, JanitorConfig config, KubernetesClient client, NamespaceEvents events,
            MeterRegistry registry, Clock clock) {
        CaptureSettings capture = CaptureSettings.from(config.capture());
        LOG.infof("janitor capture settings: %s", capture.describe());
        if (!capture.enabled()) {
            return Capture.off();
        }
        Path directory = capture.directory().orElseThrow();
        checkWritable(directory);
        DirectoryStore store = new DirectoryStore(directory);
        int threads = settings.deletionConcurrency();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "capture");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        BoundedCapture bounded = new BoundedCapture(new NamespaceCapture(new NamespaceReads(client), store,
                capture.maxBytes()), new CapturePolicy(settings.shared().keepLabel(), capture.timeout(), capture.retention(),
                        capture.maxBytes() * threads),
                executor, new CaptureMetrics(registry), events);
        if (!config.dryRun()) {
            try {
                store.removePartials(); // left by a janitor that died while writing; no capture runs yet
            } catch (IOException e) {
                LOG.warnf("could not remove half-written capture archives in %s: %s", directory, e.toString());
            }
            bounded.prune(clock.instant());
            if (!config.runOnce()) {
                pruning = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "capture-prune");
                    thread.setDaemon(true);
                    return thread;
                });
                pruning.scheduleWithFixedDelay(() -> bounded.prune(clock.instant()), PRUNE_EVERY.toMinutes(),
                        PRUNE_EVERY.toMinutes(), TimeUnit.MINUTES);
            }
        }
        return bounded;
    }

    /** A directory that cannot be written is said at start-up; the janitor runs on, each capture failing (not the deletions). */
    private static void checkWritable(Path directory) {
        try {
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                LOG.errorf("janitor.capture.directory=%s is not writable by this process: every capture will fail (the"
                        + " deletions go on); give the volume to the janitor's user (the chart's fsGroup)", directory);
            }
        } catch (IOException | SecurityException e) {
            LOG.errorf("janitor.capture.directory=%s cannot be created: %s; every capture will fail (the deletions go on)",
                    directory, e.toString());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (pruning != null) {
            pruning.shutdownNow();
        }
    }
}
