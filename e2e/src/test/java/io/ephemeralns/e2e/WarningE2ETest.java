package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Warning before deletion (janitor.warn.*): a janitor under the chart's RBAC and admission policies, whose sweep runs
 * once at start and then hourly, warns of a namespace {@code before} ahead of its deletion through its event path: the
 * annotation {@code ephemeral-ns.io/deletion-planned-at} with the planned time, a Warning Event {@code ExpiringSoon}
 * in {@code default}, and a JSON POST to a tiny HTTP server in this JVM; then deletes it on time. The namespaces carry
 * a TTL label of this janitor's own ({@value #TTL_LABEL}), so the shared janitor leaves them alone.
 */
class WarningE2ETest extends E2eTest {

    private static final String TTL_LABEL = "e2e-warn-ttl";
    private static final String PLANNED = "ephemeral-ns.io/deletion-planned-at";

    @Test
    void warnsBeforeTheDeletionWithAnAnnotationAnEventAndAPostThenDeletes() throws Exception {
        List<String> posts = new CopyOnWriteArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/warnings", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                posts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.start();
        try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1h",
                "janitor.leader-election.enabled", "false", "ephemeral-ns.selector", "e2e-warn=true",
                "ephemeral-ns.ttl-label", TTL_LABEL, "janitor.warn.before", "15s",
                "janitor.warn.webhook-url", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/warnings"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> janitor.log().contains("sweep: "));
            String name = Names.ciNamespace("warned");
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .withLabels(Map.of("e2e-warn", "true", TTL_LABEL, "25s", "ttl", "1h", "ephemeral-ns.io/managed", "true",
                            "branch", "feature-x"))
                    .endMetadata().build()).create();
            Instant created = Instant.parse(admin.namespaces().withName(name).get().getMetadata().getCreationTimestamp());
            String deletionAt = created.plusSeconds(25).toString();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> annotation(name) != null);
            assertThat(annotation(name)).isEqualTo(deletionAt);
            assertThat(admin.namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
                    .as("warned before the deletion").isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> !events(name, "ExpiringSoon").isEmpty());
            Event event = events(name, "ExpiringSoon").get(0);
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains(deletionAt, "kubectl label namespace " + name + " keep=true",
                    "ephemeral-ns.io/extend=4h");
            await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
            assertThat(posts.get(0)).contains("\"namespace\":\"" + name + "\"", "\"expiresAt\":\"" + deletionAt + "\"",
                    "\"branch\":\"feature-x\"", "\"reason\":\"ttl\"");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> terminatingOrGone(name));
            assertThat(posts).as("warned once").hasSize(1);
            janitor.awaitMetrics("ephemeral_ns_warnings_total{channel=\"webhook\",outcome=\"sent\"} 1.0",
                    "ephemeral_ns_warnings_total{channel=\"annotation\",outcome=\"sent\"} 1.0");
        } finally {
            endpoint.stop(0);
        }
    }

    private static String annotation(String name) {
        Namespace namespace = admin.namespaces().withName(name).get();
        return namespace == null || namespace.getMetadata().getAnnotations() == null ? null
                : namespace.getMetadata().getAnnotations().get(PLANNED);
    }
}
