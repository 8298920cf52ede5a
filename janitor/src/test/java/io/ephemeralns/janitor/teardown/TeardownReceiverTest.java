package io.ephemeralns.janitor.teardown;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.exists;
import static io.ephemeralns.janitor.forge.Fixtures.delivery;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.ConfigOverrides;
import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestClock;
import io.ephemeralns.janitor.forge.Signatures;
import io.ephemeralns.janitor.sweep.Sweeper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's own HTTP server in the running janitor, against the fabric8 mock server: what each kind of delivery
 * gets, what it marks, and that the sweep then deletes what was marked.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(TeardownReceiverTest.Enabled.class)
class TeardownReceiverTest extends MockServerTest {

    static final String GITHUB_SECRET = "github-test-secret";
    static final String GITLAB_SECRET = "gitlab-test-secret";

    /** The receiver on a free port, both forges configured, a two-minute grace, a 4 KiB body limit. */
    public static class Enabled extends ConfigOverrides {
        public Enabled() {
            super("janitor.teardown.enabled", "true", "janitor.teardown.port", "0", "janitor.teardown.grace", "2m",
                    "janitor.teardown.github-secret", GITHUB_SECRET, "janitor.teardown.gitlab-secret", GITLAB_SECRET,
                    "janitor.teardown.max-body-bytes", "4096");
        }
    }

    @Inject
    TeardownServer teardown;

    @Inject
    Sweeper sweeper;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void prNamespaces() {
        emptyCluster();
        admitted(client, "test-pr-42", "created-by", "ci-cd", "ttl", "24h", "repository", "octo-org.api",
                "pull-request", "42");
        admitted(client, "test-pr-43", "created-by", "ci-cd", "ttl", "24h", "repository", "octo-org.api",
                "pull-request", "43");
        admitted(client, "test-other-repo", "created-by", "ci-cd", "ttl", "24h", "repository", "octo-org.web",
                "pull-request", "42");
    }

    private HttpResponse<String> github(String event, byte[] body, String signature, String id)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/hooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", id).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedGithub(String event, String fixture) throws IOException, InterruptedException {
        byte[] body = delivery(fixture);
        return github(event, body, Signatures.githubSignature(body, GITHUB_SECRET.getBytes(StandardCharsets.UTF_8)),
                UUID.randomUUID().toString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + teardown.actualPort() + path);
    }

    private String teardownAt(String namespace) {
        return client.namespaces().withName(namespace).get().getMetadata().getAnnotations().get(ProductKeys.TEARDOWN_AT);
    }

    @Test
    void aSignedClosedPullRequestMarksItsNamespacesForTeardownAfterTheGrace() throws Exception {
        Instant before = Instant.now();

        HttpResponse<String> response = signedGithub("pull_request", "github-pull-request-closed");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("pull request #42 of octo-org/api ended").contains("test-pr-42");
        Instant at = Timestamps.parse(teardownAt("test-pr-42")).orElseThrow();
        assertThat(at).isBetween(before.plus(Duration.ofMinutes(2)).minusSeconds(1), Instant.now().plus(Duration.ofMinutes(2)));
        assertThat(teardownAt("test-pr-43")).isNull();
        assertThat(teardownAt("test-other-repo")).isNull();
    }

    @Test
    void theSweepDeletesAMarkedNamespaceOnceTheGraceIsOver() throws Exception {
        signedGithub("pull_request", "github-pull-request-closed");
        TestClock.advance(Duration.ofMinutes(3));

        sweeper.sweep();

        assertThat(exists(client, "test-pr-42")).isFalse();
        assertThat(exists(client, "test-pr-43")).isTrue();
        assertThat(exists(client, "test-other-repo")).isTrue();
    }

    @Test
    void aForgedDeliveryIsRefusedAndMarksNothing() throws Exception {
        byte[] body = delivery("github-pull-request-closed");

        HttpResponse<String> response = github("pull_request", body,
                Signatures.githubSignature(body, "guessed".getBytes(StandardCharsets.UTF_8)), "forged-1");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("X-Hub-Signature-256");
        assertThat(teardownAt("test-pr-42")).isNull();
    }

    @Test
    void anUnsignedDeliveryIsRefused() throws Exception {
        HttpResponse<String> response = github("pull_request", delivery("github-pull-request-closed"), null, "unsigned-1");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(teardownAt("test-pr-42")).isNull();
    }

    @Test
    void aReplayedDeliveryIsRefused() throws Exception {
        byte[] body = delivery("github-pull-request-closed");
        String signature = Signatures.githubSignature(body, GITHUB_SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(github("pull_request", body, signature, "replayed-1").statusCode()).isEqualTo(202);

        HttpResponse<String> replay = github("pull_request", body, signature, "replayed-1");

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("already taken");
    }

    @Test
    void anEventThatEndsNothingIsAcknowledgedAndIgnored() throws Exception {
        HttpResponse<String> response = signedGithub("ping", "github-ping");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).startsWith("ignored: GitHub event ping");
    }

    @Test
    void aSignedMalformedDeliveryIsABadRequest() throws Exception {
        byte[] body = "{\"action\":\"closed\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = github("pull_request", body,
                Signatures.githubSignature(body, GITHUB_SECRET.getBytes(StandardCharsets.UTF_8)), "malformed-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("no repository.full_name");
    }

    @Test
    void aPullRequestWithoutNamespacesIsANoOp() throws Exception {
        client.namespaces().withName("test-pr-42").delete();

        HttpResponse<String> response = signedGithub("pull_request", "github-pull-request-closed");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("no namespace to mark");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        byte[] body = new byte[8192];
        java.util.Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = github("push", body, "sha256=00", "large-1");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("janitor.teardown.max-body-bytes");
    }

    @Test
    void aGitlabMergeWithTheTokenMarksItsNamespaces() throws Exception {
        admitted(client, "test-mr-7", "created-by", "ci-cd", "ttl", "24h", "repository", "platform.backend.api",
                "pull-request", "7");
        HttpRequest request = HttpRequest.newBuilder(uri("/hooks/gitlab"))
                .header("X-Gitlab-Event", "Merge Request Hook").header("X-Gitlab-Token", GITLAB_SECRET)
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery("gitlab-merge-request-merge"))).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(teardownAt("test-mr-7")).isNotNull();
    }

    @Test
    void aGitlabDeliveryWithAWrongTokenIsRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/hooks/gitlab"))
                .header("X-Gitlab-Event", "Merge Request Hook").header("X-Gitlab-Token", "wrong")
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery("gitlab-merge-request-merge"))).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void theReceiversPortServesNeitherTheReportNorTheMetricsNorHealth() throws Exception {
        for (String path : new String[] {"/namespaces", "/q/metrics", "/q/health/ready", "/hooks/github"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void deliveriesAreCountedByForgeAndOutcome() throws Exception {
        github("pull_request", delivery("github-pull-request-closed"), "sha256=00", "counted-1");

        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("ephemeral_ns_teardown_deliveries_total\\{forge=\"github\",outcome=\"unauthorized\"\\} [1-9]")
                .contains("ephemeral_ns_teardown_deliveries_total{forge=\"gitlab\",outcome=\"replayed\"} 0.0");
    }
}
