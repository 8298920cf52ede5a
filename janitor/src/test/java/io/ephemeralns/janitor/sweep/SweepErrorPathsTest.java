package io.ephemeralns.janitor.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceListBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The janitor's error paths, with the mock server in expectations mode: every request the sweep makes is
 * answered as scripted, and anything unscripted gets a 404. Namespace names differ per test because
 * expectations accumulate over the class.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class SweepErrorPathsTest extends MockServerTest {

    private static final String SELECTED = "/api/v1/namespaces?labelSelector=created-by%3Dci-cd%2Cephemeral-ns.io%2Fmanaged%21%3Dtrue&limit=500";
    private static final String CONTINUED = "/api/v1/namespaces?continue=t1&labelSelector=created-by%3Dci-cd%2Cephemeral-ns.io%2Fmanaged%21%3Dtrue&limit=500";
    private static final String MANAGED = "/api/v1/namespaces?labelSelector=ephemeral-ns.io%2Fmanaged%3Dtrue&limit=500";
    private static final String MANAGED_CONTINUED =
            "/api/v1/namespaces?continue=t1&labelSelector=ephemeral-ns.io%2Fmanaged%3Dtrue&limit=500";

    private static final String QUOTAS =
            "/api/v1/resourcequotas?labelSelector=ephemeral-ns.io%2Fbaseline%3Dtrue&limit=500";
    private static final String QUOTAS_CONTINUED =
            "/api/v1/resourcequotas?continue=q1&labelSelector=ephemeral-ns.io%2Fbaseline%3Dtrue&limit=500";

    @Inject
    Sweeper sweeper;

    @Test
    void keepsSweepingWhenOneDeletionFailsAndCountsTheError() {
        listing(expired("err-a"), expired("err-b"));
        readable("err-a", "err-b");
        // the client retries a 5xx twice (quarkus.kubernetes-client.request-retry-backoff-limit=2)
        server.expect().delete().withPath("/api/v1/namespaces/err-a").andReturn(500, status(500, "etcd timeout")).times(3);
        server.expect().delete().withPath("/api/v1/namespaces/err-b").andReturn(200, expired("err-b")).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.FAILED)).isEqualTo(1);
        assertThat(result.count(DeletionOutcome.DELETED)).isEqualTo(1);
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.completed()).isTrue();
        assertThat(result.succeeded()).as("run-once exits non-zero").isFalse();
    }

    @Test
    void treatsANamespaceThatVanishedBeforeItsReadAsAlreadyGone() {
        listing(expired("gone-a"));
        // no expectation for GET /api/v1/namespaces/gone-a: the mock answers 404

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.GONE)).isEqualTo(1);
        assertThat(result.succeeded()).isTrue();
    }

    /** An answer of the API server to the namespace's delete, and the outcome it means: neither is an error. */
    static Stream<Arguments> deleteAnswers() {
        return Stream.of(
                Arguments.of("a 404 on the delete means the namespace is already gone", "gone-b", 404, "not found",
                        DeletionOutcome.GONE),
                Arguments.of("a failed UID precondition leaves the re-created namespace alone", "recreated", 409,
                        "Precondition failed: UID in precondition: uid-recreated, UID in object meta: other",
                        DeletionOutcome.NO_LONGER_DUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteAnswers")
    void takesTheDeleteAnswerAsAnOutcomeNotAnError(String behaviour, String name, int code, String message,
            DeletionOutcome outcome) {
        listing(expired(name));
        readable(name);
        server.expect().delete().withPath("/api/v1/namespaces/" + name).andReturn(code, status(code, message)).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.count(outcome)).isEqualTo(1);
        assertThat(result.errors()).isZero();
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void restartsTheListingWhenTheContinueTokenHasExpired() {
        server.expect().get().withPath(SELECTED).andReturn(200, new NamespaceListBuilder()
                .addToItems(unadmitted("page-a")).withNewMetadata().withContinue("t1").endMetadata().build()).times(2);
        server.expect().get().withPath(CONTINUED).andReturn(200, new NamespaceListBuilder().build()).times(2);
        server.expect().get().withPath(MANAGED).andReturn(200, new NamespaceListBuilder()
                .addToItems(active("page-b")).withNewMetadata().withContinue("t1").endMetadata().build()).times(2);
        server.expect().get().withPath(MANAGED_CONTINUED).andReturn(410, status(410, "continue token expired")).once();
        server.expect().get().withPath(MANAGED_CONTINUED).andReturn(200, new NamespaceListBuilder()
                .addToItems(active("page-c")).build()).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.completed()).isTrue();
        assertThat(result.plan().scanned()).as("nothing counted twice").isEqualTo(2);
        assertThat(result.plan().skippedTotal()).as("nothing counted twice").isEqualTo(1);
        assertThat(result.requests()).isEqualTo(4);
    }

    @Test
    void failsTheSweepWhenTheNamespacesCannotBeListed() {
        server.expect().get().withPath(SELECTED).andReturn(403, status(403, "namespaces is forbidden")).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.completed()).isFalse();
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void readsTheCapacityFromEveryPageOfTheBaselineQuotas() {
        listing(active("cap-a"), active("cap-b"));
        server.expect().get().withPath(QUOTAS).andReturn(200, new ResourceQuotaListBuilder().addToItems(quota("cap-a", "1"))
                .withNewMetadata().withContinue("q1").endMetadata().build()).once();
        server.expect().get().withPath(QUOTAS_CONTINUED).andReturn(200, new ResourceQuotaListBuilder()
                .addToItems(quota("cap-b", "250m")).build()).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.requests()).as("two namespace listings, two pages of quotas").isEqualTo(4);
        assertThat(metrics()).contains("ephemeral_ns_requested_cpu_cores{state=\"active\"} 1.25");
    }

    @Test
    void aForbiddenQuotaListingLeavesTheCapacityUnknownAndTheSweepGoesOn() {
        listing(active("cap-forbidden"));
        server.expect().get().withPath(QUOTAS).andReturn(403, status(403, "resourcequotas is forbidden")).once();

        SweepResult result = sweeper.sweep();

        assertThat(result.completed()).isTrue();
        assertThat(result.succeeded()).as("capacity is information: run-once still exits 0").isTrue();
        assertThat(metrics()).contains("ephemeral_ns_requested_cpu_cores{state=\"active\"} NaN");
        given().get("/namespaces").then().statusCode(200)
                .body("namespaces.find { it.name == 'cap-forbidden' }.requested", org.hamcrest.Matchers.nullValue());
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static ResourceQuota quota(String namespace, String cpu) {
        return new ResourceQuotaBuilder().withNewMetadata().withNamespace(namespace).withName("ephemeral-ns-quota")
                .addToLabels(ProductKeys.BASELINE, "true").endMetadata()
                .withNewStatus().addToUsed("requests.cpu", new Quantity(cpu)).endStatus().build();
    }

    private void listing(Namespace... namespaces) {
        server.expect().get().withPath(SELECTED).andReturn(200, new NamespaceListBuilder().build()).once();
        server.expect().get().withPath(MANAGED).andReturn(200, new NamespaceListBuilder().addToItems(namespaces).build()).once();
    }

    private void readable(String... names) {
        for (String name : names) {
            server.expect().get().withPath("/api/v1/namespaces/" + name).andReturn(200, expired(name)).once();
            server.expect().get().withPath("/api/v1/namespaces/" + name + "/pods?limit=1")
                    .andReturn(200, new PodListBuilder().build()).once();
        }
    }

    private static Namespace expired(String name) {
        return namespace(name, "2026-01-01T00:00:00Z");
    }

    private static Namespace active(String name) {
        return namespace(name, "2999-01-01T00:00:00Z");
    }

    private static Namespace unadmitted(String name) {
        return new NamespaceBuilder(active(name)).editMetadata().removeFromLabels(ProductKeys.MANAGED).endMetadata().build();
    }

    /** A CI namespace the webhook admitted (managed=true). */
    private static Namespace namespace(String name, String created) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp(created).addToLabels("created-by", "ci-cd").addToLabels("ttl", "1h")
                .addToLabels(ProductKeys.MANAGED, "true")
                .endMetadata().build();
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
    }
}
