package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.create;
import static io.ephemeralns.janitor.Namespaces.exists;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestClock;
import io.ephemeralns.janitor.kube.WorkloadKinds;
import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The janitor against the fabric8 mock server in CRUD mode: which namespaces go, and what it records. */
@QuarkusTest
@WithKubernetesTestServer
class SweepOnMockServerTest extends MockServerTest {

    @Inject
    Sweeper sweeper;

    @BeforeEach
    void emptyClusterAtTheRealTime() {
        emptyCluster();
        TestClock.reset();
    }

    @Test
    void deletesExactlyTheExpiredCiNamespaces() {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        admitted(client, "test-active", "created-by", "ci-cd", "ttl", "3h");
        admitted(client, "test-kept", "created-by", "ci-cd", "ttl", "1h", "keep", "true");
        create(client, "test-relabelled", ProductKeys.MANAGED, "true", "ttl", "1h");
        admitted(client, "kube-system", "created-by", "ci-cd", "ttl", "1h");
        create(client, "team-a", "created-by", "human", "ttl", "1h");
        create(client, "unlabelled");
        TestClock.advance(Duration.ofHours(2));

        SweepResult result = sweeper.sweep();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.count(DeletionOutcome.DELETED)).isEqualTo(2);
        assertThat(client.namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
                .containsExactlyInAnyOrder("test-active", "test-kept", "kube-system", "team-a", "unlabelled");
    }

    @Test
    void neverDeletesANamespaceTheWebhookDidNotAdmitAndCountsIt() {
        create(client, "test-labelled", "created-by", "ci-cd", "ttl", "1h");
        TestClock.advance(Duration.ofHours(2));

        SweepResult result = sweeper.sweep();

        assertThat(result.plan().deletions()).isEmpty();
        assertThat(exists(client, "test-labelled")).isTrue();
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("ephemeral_ns_skipped_namespaces{reason=\"not_admitted\"} 1.0")
                .contains("ephemeral_ns_skipped_namespaces{reason=\"admitted_after_deletion\"} 0.0");
    }

    @Test
    void scansACiNamespaceThatAlsoCarriesTheManagedLabelOnce() {
        admitted(client, "test-stamped", "created-by", "ci-cd", "ttl", "3h");
        admitted(client, "test-relabelled", "ttl", "3h");

        SweepResult result = sweeper.sweep();

        assertThat(result.plan().scanned()).isEqualTo(2);
        assertThat(result.plan().skippedTotal()).isZero();
    }

    @Test
    void leavesEverythingAloneWhenNothingHasExpired() {
        admitted(client, "test-a", "created-by", "ci-cd", "ttl", "1h");
        admitted(client, "test-b", "created-by", "ci-cd");

        SweepResult result = sweeper.sweep();

        assertThat(result.plan().deletions()).isEmpty();
        assertThat(exists(client, "test-a")).isTrue();
        assertThat(exists(client, "test-b")).isTrue();
    }

    @Test
    void deletesPodsAndWorkloadsBeforeTheNamespace() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        client.pods().inNamespace("test-expired").resource(new PodBuilder().withNewMetadata().withName("app")
                .endMetadata().build()).create();
        client.apps().deployments().inNamespace("test-expired").resource(new DeploymentBuilder().withNewMetadata()
                .withName("app").endMetadata().build()).create();
        TestClock.advance(Duration.ofHours(2));
        drain();

        sweeper.sweep();

        List<String> deletes = new ArrayList<>();
        for (RecordedRequest request : drain()) {
            if (request.getMethod().equals("DELETE")) {
                deletes.add(request.getPath().replaceAll("\\?.*", ""));
            }
        }
        assertThat(deletes).containsSubsequence(
                "/apis/apps/v1/namespaces/test-expired/deployments",
                "/api/v1/namespaces/test-expired/pods",
                "/api/v1/namespaces/test-expired");
        assertThat(deletes.get(deletes.size() - 1)).isEqualTo("/api/v1/namespaces/test-expired");
        assertThat(client.pods().inNamespace("test-expired").list().getItems()).isEmpty();
        assertThat(exists(client, "test-expired")).isFalse();
    }

    @Test
    void deletesANamespaceWithoutPodsInFourRequestsWithoutTouchingItsWorkloads() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        TestClock.advance(Duration.ofHours(2));
        drain();

        sweeper.sweep();

        assertThat(requestsAbout("test-expired")).containsExactly(
                "GET /api/v1/namespaces/test-expired",
                "GET /api/v1/namespaces/test-expired/pods",
                "DELETE /api/v1/namespaces/test-expired",
                "POST /api/v1/namespaces/default/events");
    }

    @Test
    void deletesTheWorkloadsAndPodsOfANamespaceWithPodsBeforeAskingAgain() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        client.pods().inNamespace("test-expired").resource(new PodBuilder().withNewMetadata().withName("app")
                .endMetadata().build()).create();
        TestClock.advance(Duration.ofHours(2));
        drain();

        sweeper.sweep();

        List<String> expected = new ArrayList<>(List.of("GET /api/v1/namespaces/test-expired",
                "GET /api/v1/namespaces/test-expired/pods"));
        WorkloadKinds.ORDER.forEach(kind -> expected.add("DELETE " + kind.path("test-expired")));
        expected.addAll(List.of("GET /api/v1/namespaces/test-expired/pods", "DELETE /api/v1/namespaces/test-expired",
                "POST /api/v1/namespaces/default/events"));
        assertThat(requestsAbout("test-expired")).containsExactlyElementsOf(expected);
    }

    /** The requests of the last sweep that concern this namespace (its listing aside), as method and path. */
    private List<String> requestsAbout(String namespace) throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (RecordedRequest request : drain()) {
            String path = request.getPath().replaceAll("\\?.*", "");
            if (path.startsWith("/api/v1/namespaces/" + namespace) || path.contains("/namespaces/" + namespace + "/")
                    || path.endsWith("/events")) {
                requests.add(request.getMethod() + " " + path);
            }
        }
        return requests;
    }

    @Test
    void guardsTheNamespaceDeleteWithItsUid() throws Exception {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        String uid = client.namespaces().withName("test-expired").get().getMetadata().getUid();
        TestClock.advance(Duration.ofHours(2));
        drain();

        sweeper.sweep();

        RecordedRequest delete = drain().stream()
                .filter(request -> request.getMethod().equals("DELETE") && request.getPath().equals("/api/v1/namespaces/test-expired"))
                .findFirst().orElseThrow();
        assertThat(delete.getBody().readUtf8()).contains("\"preconditions\":{\"uid\":\"" + uid + "\"}");
    }

    @Test
    void recordsAnEventNamingTheNamespaceTtlBranchAndCommit() {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h", "branch", "feature-x", "commit", "abc1234");
        TestClock.advance(Duration.ofHours(2));

        sweeper.sweep();

        List<Event> events = client.v1().events().inNamespace("default").list().getItems();
        assertThat(events).hasSize(1);
        Event event = events.get(0);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Namespace");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("test-expired");
        assertThat(event.getReason()).isEqualTo("Deleted");
        assertThat(event.getMessage()).contains("ttl 1h", "branch feature-x", "commit abc1234", "reason ttl", "age 2h");
    }

    @Test
    void exportsTheLeakMetricsOfTheLastSweep() {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h");
        admitted(client, "test-active", "created-by", "ci-cd", "ttl", "3h");
        admitted(client, "test-no-ttl", "created-by", "ci-cd");
        TestClock.advance(Duration.ofHours(2));

        sweeper.sweep();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("ephemeral_ns_namespaces{state=\"expired\"} 1.0")
                .contains("ephemeral_ns_namespaces{state=\"active\"} 1.0")
                .contains("ephemeral_ns_namespaces{state=\"no_ttl\"} 1.0")
                .contains("ephemeral_ns_namespaces{state=\"stuck\"} 0.0")
                .contains("ephemeral_ns_deletions_total{reason=\"ttl\"}")
                .contains("ephemeral_ns_finalizers_removed_total 0.0")
                .contains("ephemeral_ns_sweep_duration_seconds_count")
                .contains("ephemeral_ns_sweep_errors_total")
                .containsPattern("ephemeral_ns_oldest_namespace_age_seconds 7[0-9]{3}\\.0")
                .containsPattern("ephemeral_ns_last_successful_sweep_timestamp_seconds [1-9]\\.[0-9]+E9");
    }

    @Test
    void reportsEveryCiNamespaceTheLastSweepSawWithStateTtlAndExpiry() {
        admitted(client, "test-expired", "created-by", "ci-cd", "ttl", "1h", "branch", "main", "commit", "abc1234");
        admitted(client, "test-bad-ttl", "created-by", "ci-cd", "ttl", "24H");
        create(client, "test-not-admitted", "created-by", "ci-cd", "ttl", "1h");
        create(client, "unlabelled");
        TestClock.advance(Duration.ofHours(2));
        sweeper.sweep();
        admitted(client, "test-after-the-sweep", "created-by", "ci-cd", "ttl", "1h");

        given().get("/namespaces").then().statusCode(200)
                .body("source", org.hamcrest.Matchers.equalTo("sweep"))
                .body("sweptAt", org.hamcrest.Matchers.notNullValue())
                .body("namespaces.name", org.hamcrest.Matchers.contains("test-bad-ttl", "test-expired"))
                .body("namespaces[1].state", org.hamcrest.Matchers.equalTo("expired"))
                .body("namespaces[1].ttl", org.hamcrest.Matchers.equalTo("1h"))
                .body("namespaces[1].branch", org.hamcrest.Matchers.equalTo("main"))
                .body("namespaces[1].commit", org.hamcrest.Matchers.equalTo("abc1234"))
                .body("namespaces[1].expiryRule", org.hamcrest.Matchers.equalTo("ttl"))
                .body("namespaces[1].age", org.hamcrest.Matchers.startsWith("2h"))
                .body("namespaces[0].state", org.hamcrest.Matchers.equalTo("no_ttl"))
                .body("namespaces[0].ttlProblem", containsString("\"24H\" is not valid"));
        assertThat(exists(client, "test-after-the-sweep")).as("the report does not list the cluster again").isTrue();
    }

    @Test
    void deletesANamespaceWithADefaultedTtlOnceItsStampedExpiryHasPassed() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("test-defaulted").addToLabels("created-by", "ci-cd").addToLabels(ProductKeys.MANAGED, "true")
                .addToAnnotations(ProductKeys.EXPIRES_AT, "2020-01-01T00:00:00Z").endMetadata().build()).create();

        SweepResult result = sweeper.sweep();

        assertThat(result.plan().deletions()).extracting(Deletion::reason).containsExactly("default_ttl");
        assertThat(exists(client, "test-defaulted")).isFalse();
    }
}
