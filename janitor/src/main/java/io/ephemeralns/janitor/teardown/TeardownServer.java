package io.ephemeralns.janitor.teardown;

import io.ephemeralns.janitor.forge.Forge;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's own HTTP server: {@code POST /hooks/github} and {@code POST /hooks/gitlab} on
 * {@code janitor.teardown.port}, and nothing else. It is the one port exposed to the internet, so the janitor's
 * report, metrics and health stay on the main port, which this server does not route to. Bodies over
 * {@code max-body-bytes} are refused with 413 before they are read in full; marking runs on a worker thread (it
 * calls the API server).
 */
public class TeardownServer {

    /** Path prefix of the deliveries: {@code /hooks/<forge>}. */
    public static final String PATH_PREFIX = "/hooks/";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Receiver receiver;
    private final TeardownMetrics metrics;
    private final int port;
    private final int maxBodyBytes;
    private HttpServer server;

    /** @param metrics the receiver's metrics, removed when the server stops */
    public TeardownServer(Vertx vertx, Receiver receiver, TeardownMetrics metrics, int port, int maxBodyBytes) {
        this.vertx = vertx;
        this.receiver = receiver;
        this.metrics = metrics;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Starts listening; fails when the port cannot be bound. */
    public synchronized void start() throws Exception {
        Router router = Router.router(vertx);
        for (Forge forge : Forge.values()) {
            String path = PATH_PREFIX + forge.tag();
            router.route(HttpMethod.POST, path).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
            router.route(HttpMethod.POST, path).blockingHandler(context -> receive(forge, context), false);
            router.route(HttpMethod.POST, path).failureHandler(context -> {
                Receiver.Answer answer = context.statusCode() == 413 ? receiver.tooLarge(forge, maxBodyBytes)
                        : new Receiver.Answer(DeliveryOutcome.MALFORMED, "the body could not be read");
                reply(context, answer);
            });
        }
        router.route().handler(context -> context.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
                .end("not found: POST " + PATH_PREFIX + "github or " + PATH_PREFIX + "gitlab\n"));
        server = vertx.createHttpServer().requestHandler(router).listen(port)
                .toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The port actually bound (the configured one, or a free one when configured as 0 in tests). */
    public synchronized int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Stops listening and removes the metrics. */
    public synchronized void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            server = null;
        }
        metrics.close();
    }

    private void receive(Forge forge, RoutingContext context) {
        byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        reply(context, receiver.receive(forge, name -> context.request().getHeader(name), body));
    }

    private static void reply(RoutingContext context, Receiver.Answer answer) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(answer.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(answer.message() + "\n");
    }
}
