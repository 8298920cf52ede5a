package io.ephemeralns.janitor.warn;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.WarningMetrics.Channel;
import io.ephemeralns.janitor.warn.WarningMetrics.Outcome;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * POSTs warnings as JSON to {@code janitor.warn.webhook-url} (a chat or CI endpoint), on its own small bounded
 * executor so that a slow or unreachable endpoint never holds up anything else: each attempt has
 * {@code janitor.warn.timeout}; a 5xx, a 429 or a network failure is tried again after {@code backoff}, doubling, up to
 * {@code maxAttempts}; any other answer than 2xx is final. A warning that finds the queue full is dropped. Every
 * outcome is logged with the namespace and counted ({@link WarningMetrics}); nothing here throws to the caller.
 *
 * <p>Body: {@code {"namespace", "uid", "expiresAt" (RFC 3339), "reason" (the expiry's basis), "labels" (branch, commit,
 * repository, pull-request when present), "message" (the Event's text)}}.
 */
public final class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    private final URI url;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final String keepLabel;
    private final ExecutorService executor;
    private final WarningMetrics metrics;
    private final HttpClient client;

    /**
     * @param backoff  wait before the second attempt (doubled before each further one)
     * @param executor bounded: a full queue drops the warning
     */
    public WebhookNotifier(URI url, Duration timeout, int maxAttempts, Duration backoff, String keepLabel,
            ExecutorService executor, WarningMetrics metrics) {
        this.url = url;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.keepLabel = keepLabel;
        this.executor = executor;
        this.metrics = metrics;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Queues the POST of one warning and returns at once. */
    public void send(Warning warning) {
        try {
            executor.execute(() -> post(warning));
        } catch (RejectedExecutionException e) {
            LOG.warnf("warning of namespace %s not posted to %s: the queue of warnings to post is full", warning.name(), url);
            metrics.count(Channel.WEBHOOK, Outcome.DROPPED);
        }
    }

    /** Takes no more POSTs and waits, up to {@code bound}, for those queued to end. */
    void finish(Duration bound) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Posts one warning with retries, on the caller's thread; true when the endpoint answered 2xx. */
    boolean post(Warning warning) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(warning, keepLabel))).build();
        String last = "";
        Duration wait = backoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    metrics.count(Channel.WEBHOOK, Outcome.SENT);
                    return true;
                }
                last = "HTTP " + status;
                if (status < 500 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt < maxAttempts && !sleep(wait)) {
                last = "interrupted";
                break;
            }
            wait = wait.multipliedBy(2);
        }
        LOG.warnf("warning of namespace %s (deletion at %s) not posted to %s: %s", warning.name(),
                Timestamps.format(warning.deletionAt()), url, last);
        metrics.count(Channel.WEBHOOK, Outcome.FAILED);
        return false;
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The JSON body of a warning. */
    static String body(Warning warning, String keepLabel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", warning.name());
        body.put("uid", warning.uid());
        body.put("expiresAt", Timestamps.format(warning.deletionAt()));
        body.put("reason", warning.reason());
        body.put("labels", warning.labels());
        body.put("message", warning.message(keepLabel));
        return Serialization.asJson(body);
    }
}
