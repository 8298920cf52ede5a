package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CI namespaces stuck in Terminating on the real control plane, repaired by janitors of their own with thresholds of
 * seconds (the shared janitor's stuck-after is the default 15m, so it never repairs them first).
 */
class StuckNamespaceE2ETest extends E2eTest {


    @Test
    void removesABrokenFinalizerNamesItAndTheNamespaceDisappears() {
        // the chart's default RBAC: the janitor lists and patches through the baseline's RoleBinding in the namespace
        String ns = Names.ciNamespace("stuck-finalizer");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("created-by", "ci-cd")
                .addToLabels("ttl", "1h").endMetadata().build()).create();
        // the baseline reconciler creates the janitor's RoleBinding (ephemeral-ns-janitor-access) with the baseline
        await().atMost(Duration.ofSeconds(60)).until(() -> "applied".equals(java.util.Optional.ofNullable(
                admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).orElse(Map.of()).get("ephemeral-ns.io/baseline")));
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("app-state")
                .addToFinalizers("example.com/never").endMetadata().addToData("k", "v").build()).create();
        env.pipeline.run("delete", "namespace", ns, "--wait=false").ok();

        try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.stuck-after", "3s",
                "janitor.leader-election.enabled", "false"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(ns).get() == null);

            janitor.awaitLogged("namespace " + ns + " stuck terminating",
                    "1 object waits on finalizer example.com/never: configmap/app-state",
                    "removed configmap/app-state in namespace " + ns + ": finalizers [example.com/never]");
            janitor.awaitMetrics("ephemeral_ns_finalizers_removed_total 1.0");
        }
        assertThat(admin.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(event -> {
                    assertThat(event.getInvolvedObject().getName()).isEqualTo(ns);
                    assertThat(event.getReason()).isEqualTo("Stuck");
                    assertThat(event.getMessage()).contains("example.com/never").contains("configmap/app-state");
                });
    }

    @Test
    void diagnosesAnUnavailableApiServiceReportModeChangesNothingAndForceModeFinalizes() {
        GenericKubernetesResource apiService = new GenericKubernetesResourceBuilder()
                .withApiVersion("apiregistration.k8s.io/v1").withKind("APIService")
                .withNewMetadata().withName("v1.e2e-broken.example.com").endMetadata()
                .addToAdditionalProperties("spec", Map.of("group", "e2e-broken.example.com", "version", "v1",
                        "service", Map.of("namespace", "ephemeral-ns", "name", "missing", "port", 443),
                        "insecureSkipTLSVerify", true, "groupPriorityMinimum", 1000, "versionPriority", 15))
                .build();
        String ns = Names.ciNamespace("stuck-apiservice");
        createNamespace(ns);
        // a namespace finalizer no controller will ever remove keeps it stuck however discovery recovers
        // (the aggregator eventually drops a stale group from discovery, and the namespace controller goes on)
        Namespace blocked = admin.namespaces().withName(ns).get();
        blocked.getSpec().getFinalizers().add("e2e.example.com/blocker");
        admin.raw("/api/v1/namespaces/" + ns + "/finalize", "PUT", blocked);
        admin.resource(apiService).create();
        try {
            try (ProgramProcess report = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.stuck-after", "3s", "janitor.stuck.repair", "report",
                    "janitor.leader-election.enabled", "false"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> stuckReason(ns) != null);
                assertThat(stuckReason(ns)).contains("APIService v1.e2e-broken.example.com");
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                        .until(() -> admin.namespaces().withName(ns).get() != null);
                assertThat(report.log()).doesNotContain("force-finalized").doesNotContain("removed ");
            }

            // force mode needs namespaces/finalize, which the chart grants only when that mode is chosen
            env.controlPlane.installChart(env.webhook.baseUrl(), "janitor.stuck.repair=force");
            try (ProgramProcess force = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.stuck-after", "3s", "janitor.stuck.repair", "force",
                    "janitor.stuck.force-after", "5s", "janitor.leader-election.enabled", "false"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(ns).get() == null);
                // the janitor logs and counts once it has seen the namespace gone, a moment after the test does
                force.awaitLogged("namespace " + ns + " force-finalized", "namespace is gone");
                force.awaitMetrics("ephemeral_ns_namespaces_force_finalized_total 1.0");
            }
        } finally {
            admin.resource(apiService).delete();
            env.controlPlane.installChart(env.webhook.baseUrl());
        }
    }

    private static String stuckReason(String ns) {
        Namespace namespace = admin.namespaces().withName(ns).get();
        return namespace == null || namespace.getMetadata().getAnnotations() == null ? null
                : namespace.getMetadata().getAnnotations().get("ephemeral-ns.io/stuck-reason");
    }

    /** A CI namespace (the webhook admits it) that expires at once: the shared janitor or the test's deletes it. */
    private static void createNamespace(String name) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels("created-by", "ci-cd")
                .addToLabels("ttl", "2s").endMetadata().build()).create();
    }
}
