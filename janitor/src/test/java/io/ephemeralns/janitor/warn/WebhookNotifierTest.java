package io.ephemeralns.janitor.warn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.ephemeralns.janitor.plan.Warning;
import io.ephemeralns.janitor.warn.WarningMetrics.Channel;
import io.ephemeralns.janitor.warn.WarningMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The POST of a warning against a local HTTP server: body, retries, timeout, and never on the caller's thread. */
class WebhookNotifierTest {

    private static final Warning WARNING = new Warning("ci-42", "uid-42", Instant.parse("2026-11-26T11:00:00Z"), "ttl",
            Map.of("branch", "feature-x", "pull-request", "42"));

    private HttpServer server;
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hold;
    private final WarningMetrics metrics = new WarningMetrics(new SimpleMeterRegistry());
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            if (hold) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer status;
            synchronized (answers) {
                status = answers.isEmpty() ? 204 : answers.poll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private WebhookNotifier notifier(Duration timeout, int attempts) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        return new WebhookNotifier(url, timeout, attempts, Duration.ofMillis(10), "keep", executor, metrics);
    }

    @Test
    void postsTheWarningAsJsonOnce() {
        assertThat(notifier(Duration.ofSeconds(5), 3).post(WARNING)).isTrue();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).contains("\"namespace\":\"ci-42\"", "\"uid\":\"uid-42\"",
                "\"expiresAt\":\"2026-11-26T11:00:00Z\"", "\"reason\":\"ttl\"", "\"branch\":\"feature-x\"",
                "\"pull-request\":\"42\"", "keep=true");
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.SENT)).isEqualTo(1);
    }

    @Test
    void aServerErrorIsTriedAgainUntilItSucceeds() {
        answers.addAll(List.of(503, 500));
        assertThat(notifier(Duration.ofSeconds(5), 3).post(WARNING)).isTrue();
        assertThat(bodies).hasSize(3);
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.SENT)).isEqualTo(1);
    }

    @Test
    void attemptsAreBoundedAndTheFailureIsCounted() {
        answers.addAll(List.of(502, 502, 502, 502));
        assertThat(notifier(Duration.ofSeconds(5), 3).post(WARNING)).isFalse();
        assertThat(bodies).hasSize(3);
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void aClientErrorIsNotTriedAgain() {
        answers.add(400);
        assertThat(notifier(Duration.ofSeconds(5), 3).post(WARNING)).isFalse();
        assertThat(bodies).hasSize(1);
    }

    @Test
    void anEndpointThatDoesNotAnswerInTimeCountsAsAFailedAttempt() {
        hold = true;
        assertThat(notifier(Duration.ofMillis(200), 2).post(WARNING)).isFalse();
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.FAILED)).isEqualTo(1);
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.SENT)).isZero();
    }

    @Test
    void anUnreachableEndpointIsAFailureNotAnException() {
        WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:1/hook"), Duration.ofSeconds(2), 2,
                Duration.ofMillis(10), "keep", executor, metrics);
        assertThat(notifier.post(WARNING)).isFalse();
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void sendingReturnsWhileTheEndpointStillHoldsTheRequest() {
        hold = true;
        notifier(Duration.ofSeconds(30), 1).send(WARNING);
        // the endpoint answers only once released: send returned without waiting for it
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
        assertThat(metrics.total(Channel.WEBHOOK, Outcome.SENT)).isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.total(Channel.WEBHOOK, Outcome.SENT) == 1);
    }

    @Test
    void aFullQueueDropsTheWarningAndCountsIt() {
        ExecutorService full = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1));
        hold = true;
        try {
            WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/hook"), Duration.ofSeconds(30), 1, Duration.ofMillis(10), "keep", full, metrics);
            notifier.send(WARNING); // running, held by the endpoint
            await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
            notifier.send(WARNING); // queued
            notifier.send(WARNING); // dropped
            assertThat(metrics.total(Channel.WEBHOOK, Outcome.DROPPED)).isEqualTo(1);
        } finally {
            release.countDown();
            full.shutdownNow();
        }
    }
}
