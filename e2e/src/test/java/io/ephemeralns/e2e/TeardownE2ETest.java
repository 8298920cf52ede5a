package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull-request teardown end to end: a janitor process with the receiver on its own port, under the chart's RBAC and
 * admission policies, gets GitHub deliveries signed (or forged) here; the namespace of the closed pull request is
 * marked, and the sweeping janitor deletes it after the grace; the others stay.
 */
class TeardownE2ETest extends E2eTest {

    private static final String SECRET = "e2e-" + UUID.randomUUID();
    private static final String REPOSITORY = "e2e-org/api";
    private static final String REPOSITORY_LABEL = "e2e-org.api";

    private static ProgramProcess receiver;
    private static int hooksPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startReceiver() {
        hooksPort = ProgramProcess.freePort();
        // leader election off: this janitor marks; the shared janitor (the Lease's holder) sweeps and deletes
        receiver = env.startJanitor(Map.of("janitor.teardown.enabled", "true",
                "janitor.teardown.port", String.valueOf(hooksPort), "janitor.teardown.github-secret", SECRET,
                "janitor.teardown.grace", "2s", "janitor.leader-election.enabled", "false", "janitor.interval", "1h"));
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aSignedClosedPullRequestTearsDownItsNamespaceOnly() throws Exception {
        int pr = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
        String closed = Names.ciNamespace("pr-" + pr);
        String other = Names.ciNamespace("pr-" + (pr + 1));
        createNamespace(closed, pr);
        createNamespace(other, pr + 1);

        HttpResponse<String> response = deliver(GitHubDeliveries.pullRequestClosed(REPOSITORY, pr), SECRET);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains(closed).doesNotContain(other);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.namespaces().withName(closed).get() == null);
        env.janitor.awaitLogged("deleted namespace " + closed + " expired (reason teardown");
        Namespace kept = admin.namespaces().withName(other).get();
        assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(kept.getMetadata().getAnnotations()).doesNotContainKey("ephemeral-ns.io/teardown-at");
    }

    @Test
    void aForgedDeliveryIsRefusedAndTearsDownNothing() throws Exception {
        int pr = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
        String name = Names.ciNamespace("forged-" + pr);
        createNamespace(name, pr);

        HttpResponse<String> response = deliver(GitHubDeliveries.pullRequestClosed(REPOSITORY, pr), "guessed-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(admin.namespaces().withName(name).get().getMetadata().getAnnotations())
                .doesNotContainKey("ephemeral-ns.io/teardown-at");
        assertThat(receiver.get("/q/metrics"))
                .containsPattern("ephemeral_ns_teardown_deliveries_total\\{forge=\"github\",outcome=\"unauthorized\"\\} [1-9]");
    }

    @Test
    void aPipelineCannotForgeATeardown() throws Exception {
        int pr = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
        String name = Names.ciNamespace("self-" + pr);
        createNamespace(name, pr);

        Shell.Result result = pipeline.run("annotate", "namespace", name,
                "ephemeral-ns.io/teardown-at=2020-01-01T00:00:00Z");

        Namespace after = admin.namespaces().withName(name).get();
        assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(after.getMetadata().getAnnotations()).as(result.toString()).doesNotContainKey("ephemeral-ns.io/teardown-at");
    }

    private HttpResponse<String> deliver(String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hooksPort + "/hooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", GitHubDeliveries.signature(bytes, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void createNamespace(String name, int pullRequest) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("created-by", "ci-cd", "ttl", "1h", "repository", REPOSITORY_LABEL,
                        "pull-request", String.valueOf(pullRequest)))
                .endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(admin.namespaces().withName(name).get()
                .getMetadata().getLabels().get("ephemeral-ns.io/managed")));
    }
}
