package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the fabric8 mock server in mixed mode: CRUD for namespaces, watches and patches, and
 * expectations for the server-side apply PATCHes that the CRUD mock cannot serve. Every apply is recorded so the
 * tests can check exactly what would reach a real API server (content type, field manager, force, body); the
 * end-to-end suite proves the apply itself against a real one.
 */
@QuarkusTest
@TestProfile(BaselineReconcilerTest.Profiles.class)
@WithKubernetesTestServer(setup = BaselineReconcilerTest.ServerSideApply.class)
class BaselineReconcilerTest {

    /** One server-side apply that reached the mock. */
    record Apply(String path, String contentType, String body) {
    }

    static final Queue<Apply> APPLIES = new ConcurrentLinkedQueue<>();
    static final List<String> NAMESPACES = List.of("ci-apply", "ci-small", "ci-repair", "ci-gone", "team-plain", "ci-barrier");

    /** Test profiles file with a two-object default and a one-object "small" profile. */
    public static class Profiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhook.profiles-file", "src/test/resources/test-profiles.yaml",
                    "webhook.retry-initial", "100ms", "webhook.retry-max", "1s",
                    "ephemeral-ns.own-namespace", "ephemeral-ns");
        }
    }

    /** Answers every server-side apply the tests can cause, recording it. */
    public static class ServerSideApply implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            for (String namespace : NAMESPACES) {
                for (String object : List.of("resourcequotas/ephemeral-ns-quota", "limitranges/ephemeral-ns-small-limits")) {
                    expectApply(server, "/api/v1/namespaces/" + namespace + "/" + object);
                }
                expectApply(server, "/apis/networking.k8s.io/v1/namespaces/" + namespace + "/networkpolicies/ephemeral-ns-default-deny");
            }
        }

        private static void expectApply(KubernetesServer server, String path) {
            server.expect().patch().withPath(path + "?fieldManager=ephemeral-ns&force=true")
                    .andReply(200, (RecordedRequest request) -> {
                        APPLIES.add(new Apply(path, request.getHeader("Content-Type"), request.getUtf8Body()));
                        return request.getUtf8Body();
                    }).always();
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    private static Namespace ci(String name, Map<String, String> extra) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).addToLabels(extra).endMetadata().build();
    }

    private List<Apply> appliesTo(String namespace) {
        return APPLIES.stream().filter(apply -> apply.path().contains("/namespaces/" + namespace + "/")).toList();
    }

    private String baselineOf(String namespace) {
        Namespace found = client.namespaces().withName(namespace).get();
        return found == null || found.getMetadata().getAnnotations() == null ? null
                : found.getMetadata().getAnnotations().get(ProductKeys.BASELINE);
    }

    private double reconciles(String result) {
        return registry.get("ephemeral.ns.baseline.reconciles").tag("result", result).counter().count();
    }

    @Test
    void appliesTheDefaultProfileByServerSideApplyAndMarksTheNamespace() {
        client.namespaces().resource(ci("ci-apply", Map.of())).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(baselineOf("ci-apply")));
        assertThat(appliesTo("ci-apply")).extracting(Apply::path).containsExactly(
                "/api/v1/namespaces/ci-apply/resourcequotas/ephemeral-ns-quota",
                "/apis/networking.k8s.io/v1/namespaces/ci-apply/networkpolicies/ephemeral-ns-default-deny");
        assertThat(appliesTo("ci-apply")).allSatisfy(apply -> {
            assertThat(apply.contentType()).startsWith("application/apply-patch+yaml");
            assertThat(apply.body()).contains("\"namespace\":\"ci-apply\"", "\"ephemeral-ns.io/baseline\":\"true\"",
                    "\"app.kubernetes.io/managed-by\":\"ephemeral-ns\"");
        });
        assertThat(reconciles("applied")).isPositive();
    }

    @Test
    void choosesTheProfileNamedByTheNamespaceLabel() {
        client.namespaces().resource(ci("ci-small", Map.of(ProductKeys.PROFILE, "small"))).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(baselineOf("ci-small")));
        assertThat(appliesTo("ci-small")).extracting(Apply::path)
                .containsExactly("/api/v1/namespaces/ci-small/limitranges/ephemeral-ns-small-limits");
    }

    @Test
    void repairsADeletedOrEditedBaselineObject() {
        client.namespaces().resource(ci("ci-repair", Map.of())).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(baselineOf("ci-repair")));
        // the mock does not store applied objects: put one in its store as a real apply would, then remove it
        ResourceQuota quota = client.resourceQuotas().inNamespace("ci-repair").resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("ephemeral-ns-quota").addToLabels(ProductKeys.BASELINE_OBJECT, "true").endMetadata()
                .withNewSpec().addToHard("pods", new io.fabric8.kubernetes.api.model.Quantity("20")).endSpec().build()).create();
        int before = appliesTo("ci-repair").size();

        client.resourceQuotas().inNamespace("ci-repair").resource(quota).delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> appliesTo("ci-repair").size() >= before + 2);

        client.resourceQuotas().inNamespace("ci-repair").resource(new ResourceQuotaBuilder(quota).editMetadata()
                .withResourceVersion(null).endMetadata().build()).create();
        int afterRepair = appliesTo("ci-repair").size();
        client.resourceQuotas().inNamespace("ci-repair").withName("ephemeral-ns-quota")
                .edit(q -> new ResourceQuotaBuilder(q).editSpec().addToHard("pods", new io.fabric8.kubernetes.api.model.Quantity("999"))
                        .endSpec().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> appliesTo("ci-repair").size() >= afterRepair + 2);
    }

    @Test
    void leavesNamespacesThatAreNotCiAlone() {
        // terminating namespaces cannot be made in the CRUD mock (it drops deletionTimestamp): see BaselineScopeTest
        double skippedBefore = reconciles("skipped");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-plain").endMetadata().build()).create();
        client.namespaces().withName("team-plain").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("branch", "main").endMetadata().build());
        // the queue has one worker and events arrive in order: once a later namespace is done, the earlier ones were seen
        client.namespaces().resource(ci("ci-barrier", Map.of())).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(baselineOf("ci-barrier")));

        assertThat(appliesTo("team-plain")).isEmpty();
        assertThat(baselineOf("team-plain")).isNull();
        assertThat(reconciles("skipped")).isEqualTo(skippedBefore);
    }
}
