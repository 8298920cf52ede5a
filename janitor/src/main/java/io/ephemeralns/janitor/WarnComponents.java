package io.ephemeralns.janitor;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.kube.NamespaceAnnotation;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.warn.Warner;
import io.ephemeralns.janitor.warn.WarningMetrics;
import io.ephemeralns.janitor.warn.Warnings;
import io.ephemeralns.janitor.warn.WebhookNotifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Builds the warnings before deletion from {@link WarnSettings}, next to {@link JanitorComponents}: {@link Warnings#off()}
 * when {@code janitor.warn.before} is unset, else a {@link Warner} (dry-run, leadership and the clock's verdict reach it from here) with its
 * optional {@link WebhookNotifier}, each on its own small bounded executor of daemon threads.
 */
@ApplicationScoped
class WarnComponents {

    private static final Logger LOG = Logger.getLogger(WarnComponents.class);
    /** Warnings (annotation and Event) waiting at most; beyond, one is dropped and found again by the next sweep. */
    static final int WARNING_QUEUE = 1000;
    /** POSTs waiting at most; beyond, one is dropped and counted. */
    static final int POST_QUEUE = 100;
    /** POSTs in flight at most. */
    static final int POST_THREADS = 2;
    /** Wait before the second attempt of a POST, doubled before each further one. */
    static final Duration POST_BACKOFF = Duration.ofSeconds(1);

    /** Validates {@code janitor.warn.*} (a bad value stops the program) and logs it once. */
    @Produces
    @Singleton
    Warnings warnings(JanitorSettings settings, JanitorConfig config, KubernetesClient client, NamespaceEvents events,
            ActionGate gate, MeterRegistry registry, Clock clock) {
        WarnSettings warn = WarnSettings.from(config.warn());
        LOG.infof("janitor warning settings: %s", warn.describe());
        if (!warn.enabled()) {
            return Warnings.off();
        }
        WarningMetrics metrics = new WarningMetrics(registry);
        String keepLabel = settings.shared().keepLabel();
        var webhook = warn.webhookUrl().map(url -> new WebhookNotifier(url, warn.timeout(), warn.maxAttempts(),
                POST_BACKOFF, keepLabel, executor("warning-post", POST_THREADS, POST_QUEUE), metrics));
        return new Warner(warn.before(), new NamespaceAnnotation(client, ProductKeys.DELETION_PLANNED_AT), events, webhook,
                gate, config.dryRun(), keepLabel, executor("warning", 1, WARNING_QUEUE), metrics, clock);
    }

    /** A fixed pool of daemon threads with a bounded queue: a full queue rejects (the caller counts a drop). */
    private static ExecutorService executor(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }
}
