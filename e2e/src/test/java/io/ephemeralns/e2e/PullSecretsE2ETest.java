package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, image pull secrets in the baseline, on the real API server with the chart's RBAC and webhook
 * configurations installed with {@code webhook.imagePullSecrets} (the suite's webhook has the profiles
 * {@code pull-secrets} and {@code pull-secrets-late}, see {@link E2eEnvironment}): the copy and its attachment to the
 * {@code default} ServiceAccount exist before strict mode admits the first Pod, which the ServiceAccount admission
 * plugin then gives the copy; a rotation is copied; a missing source is reported, then recovered; a pipeline cannot
 * tamper with the copy; the webhook can read no other Secret. (Whether a kubelet pulls with the copy from an
 * authenticated registry is not tested: the real node's registry has no authentication.)
 */
class PullSecretsE2ETest extends E2eTest {

    private static final String SOURCES = E2eEnvironment.PULL_SECRET_SOURCES;
    private static final String COPY = "ephemeral-ns-pull-regcred";
    private static final List<String> CREATED = new ArrayList<>();

    @BeforeAll
    static void sourcesAndTheChartWithThem() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SOURCES).endMetadata().build())
                .serverSideApply();
        admin.secrets().inNamespace(SOURCES).resource(dockerConfig("regcred", "registry.example.com")).serverSideApply();
        admin.secrets().inNamespace(SOURCES).resource(new SecretBuilder().withNewMetadata().withName("other-credentials")
                .endMetadata().withType("Opaque").addToStringData("password", "not for the webhook").build()).serverSideApply();
        admin.secrets().inNamespace(SOURCES).withName("late").delete();
        env.controlPlane.installChart(env.webhook.baseUrl(),
                "webhook.imagePullSecrets.pull-secrets[0].namespace=" + SOURCES,
                "webhook.imagePullSecrets.pull-secrets[0].name=regcred",
                "webhook.imagePullSecrets.pull-secrets-late[0].namespace=" + SOURCES,
                "webhook.imagePullSecrets.pull-secrets-late[0].name=late");
    }

    @AfterAll
    static void theChartWithoutThem() {
        CREATED.forEach(ns -> admin.namespaces().withName(ns).delete());
        env.controlPlane.installChart(env.webhook.baseUrl());
    }

    private static Secret dockerConfig(String name, String registry) {
        String config = "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + Base64.getEncoder()
                .encodeToString("ci:secret".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** A CI namespace of the profile, created and labelled by the pipeline as the seed does. */
    private static String pipelineNamespace(String branch, String profile) {
        String ns = Names.ciNamespace(branch);
        CREATED.add(ns);
        pipeline.run("create", "namespace", ns).ok();
        pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h", "ephemeral-ns.io/profile=" + profile).ok();
        return ns;
    }

    private static String pod(String name) {
        return WebhookE2ETest.pod(name, "100m");
    }

    private static List<String> attached(String ns) {
        var account = admin.serviceAccounts().inNamespace(ns).withName("default").get();
        return account == null || account.getImagePullSecrets() == null ? List.of()
                : account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
    }

    @Test
    void thePipelinesFirstPodIsAdmittedOnlyOnceTheCopyIsAttachedAndCarriesIt() {
        String ns = pipelineNamespace("pull-first-pod", "pull-secrets");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);

        // strict mode: the first create that is admitted comes after the baseline, copies included, is applied
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> pipeline.withManifest(pod("first"), "create", "-n", ns).exit() == 0);

        Pod first = admin.pods().inNamespace(ns).withName("first").get();
        assertThat(first.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName).contains(COPY);
        Secret copy = admin.secrets().inNamespace(ns).withName(COPY).get();
        Secret source = admin.secrets().inNamespace(SOURCES).withName("regcred").get();
        assertThat(copy.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(copy.getData()).isEqualTo(source.getData());
        assertThat(copy.getMetadata().getLabels()).containsEntry("ephemeral-ns.io/baseline", "true");
        assertThat(copy.getMetadata().getAnnotations()).containsEntry("ephemeral-ns.io/pull-secret-source", SOURCES + "/regcred")
                .containsEntry("ephemeral-ns.io/pull-secret-source-uid", source.getMetadata().getUid())
                .containsEntry("ephemeral-ns.io/pull-secret-source-resource-version", source.getMetadata().getResourceVersion());
        assertThat(attached(ns)).contains(COPY);
    }

    @Test
    void aRotatedSourceIsCopiedIntoTheNamespacesThatUseIt() {
        String ns = pipelineNamespace("pull-rotate", "pull-secrets");
        SeedPipeline.awaitBaseline(pipeline, ns);

        admin.secrets().inNamespace(SOURCES).resource(dockerConfig("regcred", "rotated.example.com")).update();
        Secret rotated = admin.secrets().inNamespace(SOURCES).withName("regcred").get();

        await().atMost(Duration.ofSeconds(60)).until(() -> rotated.getData().equals(admin.secrets().inNamespace(ns)
                .withName(COPY).get().getData()));
        assertThat(admin.secrets().inNamespace(ns).withName(COPY).get().getMetadata().getAnnotations())
                .containsEntry("ephemeral-ns.io/pull-secret-source-resource-version", rotated.getMetadata().getResourceVersion());
    }

    @Test
    void aMissingSourceIsReportedAndKeepsPodsWaitingUntilItIsCreated() {
        String ns = pipelineNamespace("pull-late", "pull-secrets-late");

        await().atMost(Duration.ofSeconds(60)).until(() -> annotations(ns).containsKey("ephemeral-ns.io/baseline-reason"));
        assertThat(annotations(ns).get("ephemeral-ns.io/baseline-reason")).contains("image pull secret " + SOURCES + "/late not found");
        assertThat(annotations(ns)).doesNotContainKey("ephemeral-ns.io/baseline");
        // the refusal quotes the reason as the webhook's namespace cache has it, which hears of it after the API server
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Shell.Result refused = pipeline.withManifest(pod("early"), "create", "-n", ns);
            if (refused.exit() == 0) {
                throw new IllegalStateException("a Pod was admitted before the baseline: " + refused.output());
            }
            assertThat(refused.stderr()).contains(StrictMode.NOT_APPLIED).contains(SOURCES + "/late not found");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(event -> ns.equals(event.getInvolvedObject().getName()) && "PullSecretMissing".equals(event.getReason())));
        env.webhook.awaitMetrics("ephemeral_ns_baseline_pull_secret_missing{source=\"" + SOURCES + "/late\"} 1.0");
        env.webhook.awaitMetricsMatching("ephemeral_ns_baseline_reconciles_total\\{result=\"pull_secret_missing\"\\} [1-9]");

        admin.secrets().inNamespace(SOURCES).resource(dockerConfig("late", "late.example.com")).create();

        SeedPipeline.awaitBaseline(pipeline, ns);
        assertThat(annotations(ns)).doesNotContainKey("ephemeral-ns.io/baseline-reason");
        assertThat(attached(ns)).contains("ephemeral-ns-pull-late");
        StrictMode.onceAdmitted(() -> pipeline.withManifest(pod("late"), "create", "-n", ns).ok());
    }

    @Test
    void aPipelineCannotChangeOrDeleteTheCopy() {
        String ns = pipelineNamespace("pull-tamper", "pull-secrets");
        SeedPipeline.awaitBaseline(pipeline, ns);
        Secret before = admin.secrets().inNamespace(ns).withName(COPY).get();

        Shell.Result delete = pipeline.run("delete", "secret", COPY, "-n", ns);
        Shell.Result edit = pipeline.run("patch", "secret", COPY, "-n", ns, "--type=merge",
                "-p", "{\"data\":{\".dockerconfigjson\":\"e30=\"}}");
        Shell.Result relabel = pipeline.run("label", "secret", COPY, "-n", ns, "ephemeral-ns.io/baseline-");

        for (Shell.Result refused : List.of(delete, edit, relabel)) {
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.stderr()).contains("denied the request").contains("part of the isolation baseline");
        }
        assertThat(admin.secrets().inNamespace(ns).withName(COPY).get().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void aCopyRemovedFromTheDefaultServiceAccountOrDeletedIsRestoredAtOnce() {
        String ns = pipelineNamespace("pull-detach", "pull-secrets");
        SeedPipeline.awaitBaseline(pipeline, ns);

        // the pipeline may edit its ServiceAccount; the webhook watches it (the suite's resync runs every 10m only)
        pipeline.run("patch", "serviceaccount", "default", "-n", ns, "--type=merge",
                "-p", "{\"imagePullSecrets\":[{\"name\":\"pipelines-own\"}]}").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> attached(ns).contains(COPY));
        assertThat(attached(ns)).containsExactly("pipelines-own", COPY);

        // only an exempt identity can delete the copy; its watch brings it back
        admin.secrets().inNamespace(ns).withName(COPY).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.secrets().inNamespace(ns).withName(COPY).get() != null);
    }

    @Test
    void theWebhookReadsTheNamedSourcesAndNoOtherSecret() {
        Kubectl webhook = new Kubectl(env.webhookKubeconfig);

        webhook.run("get", "secret", "regcred", "-n", SOURCES).ok();
        // a list or watch is authorized against resourceNames when it selects the name, as the webhook's watch does
        webhook.run("get", "secrets", "-n", SOURCES, "--field-selector", "metadata.name=regcred").ok();
        webhook.run("get", "secrets", "--all-namespaces", "--field-selector", "metadata.name=" + COPY).ok();
        for (List<String> refused : List.of(
                List.of("get", "secret", "other-credentials", "-n", SOURCES),
                List.of("get", "secrets", "-n", SOURCES),
                List.of("get", "secrets", "-n", SOURCES, "--field-selector", "metadata.name=other-credentials"),
                List.of("get", "secrets", "--all-namespaces"),
                List.of("get", "secret", "regcred", "-n", "kube-system"))) {
            Shell.Result result = webhook.run(refused.toArray(String[]::new));
            assertThat(result.exit()).as(String.join(" ", refused)).isNotZero();
            assertThat(result.stderr()).as(String.join(" ", refused)).contains("Forbidden");
        }
    }
}
