package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.rules.Policy;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends the webhook its own admission reviews ({@link WarmupReviews}: one per route) through the server it has just
 * opened, over loopback, before {@link AdmissionReadiness} reports ready: TLS, HTTP/2 (as the API server calls it),
 * the JSON decoding of AdmissionReview, each route's decoder and rule, and the encoding of the answer run once, so
 * that the first real request is not a cold one.
 *
 * <p>Why: a cold first request costs class loading, Jackson building its deserializers for the fabric8 model and
 * interpreted TLS code. Under heavy load it took longer than the Pod webhook's timeout, and with
 * {@code failurePolicy: Ignore} that Pod was admitted before its namespace's baseline existed (the end-to-end
 * suite's strict-mode test failed this way). The reviews carry a random UID, unknown outside the process, by which
 * the adapter leaves them out of the admission metrics. A warm-up that fails or does not finish within
 * {@link #TIMEOUT_MS} is logged and the webhook becomes ready anyway: a cold request is better than none.
 */
@ApplicationScoped
public class AdmissionWarmup {

    private static final Logger LOG = Logger.getLogger(AdmissionWarmup.class);
    static final long TIMEOUT_MS = 60_000;

    private final String uid = "warm-up-" + UUID.randomUUID();
    private final List<WarmupReviews.Review> reviews;
    private final Vertx vertx;
    private final ValueRegistry values;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean failed;

    public AdmissionWarmup(Policy policy, Vertx vertx, ValueRegistry values) {
        this.reviews = WarmupReviews.of(policy.settings(), uid);
        this.vertx = vertx;
        this.values = values;
    }

    /** Whether a review with this UID is one of the warm-up's own. */
    public boolean isWarmup(String requestUid) {
        return uid.equals(requestUid);
    }

    /** Whether every server opened so far has been warmed or its warm-up given up; false before the first opens. */
    public boolean done() {
        return started && running.get() == 0;
    }

    /** Whether every warm-up so far has finished and none failed. */
    public boolean warmed() {
        return done() && !failed;
    }

    void onHttps(@ObservesAsync HttpsServerStart start) {
        warm(start.options().getHost(), values.get(HttpServer.HTTPS_PORT), true);
    }

    void onHttp(@ObservesAsync HttpServerStart start) {
        warm(start.options().getHost(), values.get(HttpServer.HTTP_PORT), false);
    }

    /**
     * Sends the reviews in turn over one connection. {@code port} is the port the server listens on, from the value
     * registry: the event's options hold the configured one, which is 0 for a random port.
     */
    private void warm(String host, int port, boolean tls) {
        running.incrementAndGet();
        started = true;
        long began = System.nanoTime();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setUseAlpn(tls).setTrustAll(true)
                .setVerifyHost(false).setProtocolVersion(tls ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                .setDefaultHost(loopback(host)).setDefaultPort(port));
        Future<Void> chain = Future.succeededFuture();
        for (WarmupReviews.Review review : reviews) {
            chain = chain.compose(ignored -> send(client, review));
        }
        chain.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onComplete(result -> {
                    long ms = (System.nanoTime() - began) / 1_000_000;
                    if (result.succeeded()) {
                        LOG.infof("admission path warmed over %s (port %d) in %d ms (%d reviews)", tls ? "HTTPS" : "HTTP", port,
                                ms, reviews.size());
                    } else {
                        failed = true;
                        LOG.warnf("admission warm-up over %s (port %d) failed after %d ms, ready without it: %s",
                                tls ? "HTTPS" : "HTTP", port, ms, result.cause().toString());
                    }
                    client.close();
                    running.decrementAndGet();
                });
    }

    private static Future<Void> send(HttpClient client, WarmupReviews.Review review) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(review.path())
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(Buffer.buffer(review.body())))
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(review.path() + " answered " + response.statusCode() + ": " + body)));
    }

    /** The address to reach a server listening on {@code host}: loopback for the wildcard addresses. */
    static String loopback(String host) {
        if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return host.equals("::") || host.equals("[::]") ? "::1" : host;
    }
}
