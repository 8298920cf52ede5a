package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The confused deputy, janitor side, on the real control plane: a pipeline that may label namespaces must not be
 * able to make the janitor delete, or strip the finalizers of, a namespace the admission webhook did not admit as CI
 * before its deletion started. The pipeline acts as its ordinary identity ({@link PipelineIdentity}).
 */
class JanitorAdmissionE2ETest extends E2eTest {


    @Test
    void neverDeletesANamespaceThatOnlyCarriesTheSelectorsLabelsUnlessTheJanitorRunsWithoutTheWebhook() {
        // a CI selector the webhook does not cover stands for a namespace labelled while the webhook was down or absent:
        // the labels are there, the webhook's managed=true and admitted-at are not
        String ns = Names.ciNamespace("unadmitted");
        env.pipeline.run("create", "namespace", ns).ok();
        env.pipeline.run("label", "namespace", ns, "e2e-admission=labelled", "ttl=1s").ok();
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels()).doesNotContainKey("ephemeral-ns.io/managed");

        try (ProgramProcess janitor = env.startJanitor(Map.of("ephemeral-ns.selector", "e2e-admission=labelled",
                "janitor.interval", "1s", "janitor.leader-election.enabled", "false"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(janitor.log().split("sweep: ").length).as(janitor.log()).isGreaterThan(4));
            assertThat(janitor.get("/q/metrics")).containsPattern("ephemeral_ns_skipped_namespaces\\{reason=\"not_admitted\"\\} [1-9]");
            assertThat(janitor.log()).doesNotContain("deleted namespace " + ns);
        }
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp()).isNull();

        // a janitor installed without the webhook: the chart's janitor.requireAdmission=false also lets its admission
        // policy accept deletions of namespaces that only carry the selector's labels
        env.controlPlane.installChart(env.webhook.baseUrl(), "janitor.requireAdmission=false",
                "ciNamespaces.selector.matchLabels.created-by=null", "ciNamespaces.selector.matchLabels.e2e-admission=labelled");
        try (ProgramProcess alone = env.startJanitor(Map.of("ephemeral-ns.selector", "e2e-admission=labelled",
                "janitor.interval", "1s", "janitor.leader-election.enabled", "false", "janitor.require-admission", "false"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(admin.namespaces().withName(ns).get()).as(alone.log()).isNull());
            alone.awaitLogged("require-admission=false (trusting the selector's labels", "deleted namespace " + ns);
        } finally {
            env.installChart(env.webhook); // the suite's CI selector again
        }
    }

    @Test
    void neverRepairsANamespaceThatBecameCiAfterItsDeletionStarted() {
        // someone else's namespace, stuck in Terminating on a finalizer its owner's controller will remove later
        String late = "team-" + Names.sha().substring(0, 7);
        String stamped = "team-" + Names.sha().substring(0, 7);
        for (String ns : new String[] {late, stamped}) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("team-state")
                    .addToFinalizers("team.example.com/cleanup").endMetadata().build()).create();
            // rights as if it were a CI namespace, so that only the admission rule stands in the janitor's way
            JanitorAccessBinding.grant(admin, ns);
            env.pipeline.run("delete", "namespace", ns, "--wait=false").ok();
        }
        try {
            // labelled CI while it terminates: a pipeline is refused that (ConfusedDeputyE2ETest, AdmissionPolicyE2ETest),
            // an exempt identity is not, and the janitor must not act on it either
            admin.namespaces().withName(late).edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                    .addToLabels("created-by", "ci-cd").addToLabels("ttl", "1s").endMetadata().build());
            // and a namespace marked CI only after its deletion started (as a webhook admitting it then would stamp it)
            admin.namespaces().withName(stamped).edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                    .addToLabels("created-by", "ci-cd").addToLabels("ttl", "1s").addToLabels("ephemeral-ns.io/managed", "true")
                    .addToAnnotations("ephemeral-ns.io/admitted-at", Timestamps.format(Instant.now().plusSeconds(1)))
                    .endMetadata().build());

            try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.stuck-after", "2s",
                    "janitor.leader-election.enabled", "false"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> janitor.log().split("sweep: ").length > 6);
                String metrics = janitor.get("/q/metrics");
                assertThat(metrics)
                        .containsPattern("ephemeral_ns_skipped_namespaces\\{reason=\"not_admitted\"\\} [1-9]")
                        .containsPattern("ephemeral_ns_skipped_namespaces\\{reason=\"admitted_after_deletion\"\\} [1-9]");
                assertThat(janitor.log()).doesNotContain("namespace " + late).doesNotContain("namespace " + stamped);
            }
            for (String ns : new String[] {late, stamped}) {
                Namespace namespace = admin.namespaces().withName(ns).get();
                assertThat(namespace.getMetadata().getAnnotations()).doesNotContainKey("ephemeral-ns.io/stuck-reason");
                ConfigMap state = admin.configMaps().inNamespace(ns).withName("team-state").get();
                assertThat(state.getMetadata().getFinalizers()).containsExactly("team.example.com/cleanup");
            }
        } finally {
            for (String ns : new String[] {late, stamped}) {
                admin.configMaps().inNamespace(ns).withName("team-state").edit(map -> new ConfigMapBuilder(map)
                        .editMetadata().withFinalizers().endMetadata().build());
                JanitorAccessBinding.release(admin, ns);
            }
        }
    }
}
