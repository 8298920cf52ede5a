package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The janitor as a real process, with its chart RBAC, against the real API server and namespace controller. */
class JanitorE2ETest extends E2eTest {


    @Test
    void deletesANamespaceWhoseTtlHasElapsedAndTheNamespaceControllerFinishesIt() {
        String name = Names.ciNamespace("short");
        createNamespace(name, Map.of("created-by", "ci-cd", "ttl", "20s", "branch", "short", "commit", Names.sha()));
        // as a pipeline does: the webhook refuses pods until the isolation baseline is in place
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> "applied".equals(admin.namespaces().withName(name).get().getMetadata().getAnnotations()
                        .get("ephemeral-ns.io/baseline")));
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("app-config")
                .endMetadata().addToData("k", "v").build()).create();
        StrictMode.onceAdmitted(() -> admin.pods().inNamespace(name).resource(new PodBuilder().withNewMetadata()
                .withName("app").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("registry.invalid/app:1").endContainer().endSpec().build()).create());

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.namespaces().withName(name).get() == null);

        env.janitor.awaitLogged("deleted namespace " + name + " expired (reason ttl, ttl 20s");
    }

    @Test
    void keepsANamespaceLabelledKeepTrue() {
        String kept = Names.ciNamespace("kept");
        String expired = Names.ciNamespace("witness");
        createNamespace(kept, Map.of("created-by", "ci-cd", "ttl", "3s", "keep", "true"));
        createNamespace(expired, Map.of("created-by", "ci-cd", "ttl", "3s"));

        await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(expired).get() == null);

        Namespace stillThere = admin.namespaces().withName(kept).get();
        assertThat(stillThere).isNotNull();
        assertThat(stillThere.getMetadata().getDeletionTimestamp()).isNull();
        // the report is the last sweep's (a listing instead when none came for two intervals, so each answer is read
        // once): wait for a sweep's that saw the namespace
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(env.janitor.get("/namespaces"))
                .contains("\"name\":\"" + kept + "\",\"state\":\"kept\"").contains("\"source\":\"sweep\"")
                .contains("\"sweptAt\":\""));
    }

    @Test
    void neverTouchesAProtectedNamespaceThatCarriesCiLabels() {
        admin.namespaces().withName("kube-public").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("created-by", "ci-cd").addToLabels("ttl", "1s").endMetadata().build());
        String witness = Names.ciNamespace("witness");
        createNamespace(witness, Map.of("created-by", "ci-cd", "ttl", "2s"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(witness).get() == null);

            Namespace protectedNamespace = admin.namespaces().withName("kube-public").get();
            assertThat(protectedNamespace.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(env.janitor.log()).doesNotContain("namespace kube-public");
        } finally {
            admin.namespaces().withName("kube-public").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .removeFromLabels("created-by").removeFromLabels("ttl").endMetadata().build());
        }
    }

    @Test
    void inDryRunDeletesNothingAndSaysWhatItWouldDelete() throws Exception {
        String name = Names.ciNamespace("dry");
        // a label of its own, so that only the dry-run janitor (and not the shared one) selects this namespace; the
        // webhook does not know that label, so this janitor trusts it as a janitor installed without the webhook does
        createNamespace(name, Map.of("e2e-dry-run", "true", "ttl", "1s"));
        try (ProgramProcess dryRun = env.startJanitor(Map.of("janitor.dry-run", "true", "janitor.interval", "1s",
                "ephemeral-ns.selector", "e2e-dry-run=true", "janitor.leader-election.enabled", "false",
                "janitor.require-admission", "false"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> dryRun.log().contains("DRY-RUN: would delete namespace " + name));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> admin.namespaces().withName(name).get() != null);
        }
        assertThat(admin.namespaces().withName(name).get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void runOnceSweepsOnceAndExitsZero() throws Exception {
        String name = Names.ciNamespace("cron");
        // managed: the admission policies let the janitor's account delete CI namespaces only. Its ttl keeps the
        // shared janitor away; this janitor's one-second max-lifetime expires it.
        createNamespace(name, Map.of("e2e-run-once", "true", "ttl", "1h", "ephemeral-ns.io/managed", "true"));
        Thread.sleep(1_500);
        try (ProgramProcess once = env.startJanitorProcessWithoutWaiting(Map.of("janitor.run-once", "true",
                "ephemeral-ns.selector", "e2e-run-once=true", "ephemeral-ns.max-lifetime", "1s"))) {
            assertThat(once.awaitExit(Duration.ofSeconds(60))).as(once.log()).isZero();
            assertThat(once.log()).contains("deleted namespace " + name);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.namespaces().withName(name).get() == null);
    }

    @Test
    void exportsLeakMetricsAndHoldsTheLeaderLease() {
        String name = Names.ciNamespace("metrics");
        createNamespace(name, Map.of("created-by", "ci-cd", "ttl", "2s"));
        await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(name).get() == null);

        // a deletion is counted when it is answered, a sweep's time and duration at its end (after its census)
        String metrics = env.janitor.awaitMetricsMatching("ephemeral_ns_deletions_total\\{reason=\"ttl\"\\} [1-9]",
                "ephemeral_ns_last_successful_sweep_timestamp_seconds 1\\.[0-9]+E9");
        assertThat(metrics)
                .contains("ephemeral_ns_namespaces{state=\"expired\"}")
                .contains("ephemeral_ns_namespaces{state=\"stuck\"} 0.0")
                .contains("ephemeral_ns_sweep_duration_seconds_count")
                .containsPattern("ephemeral_ns_clock_skew_seconds -?[0-9]")
                .contains("ephemeral_ns_refused_actions_total{reason=\"clock_skew\"} 0.0");
        assertThat(admin.leases().inNamespace(ServiceAccountIdentity.NAMESPACE).withName("ephemeral-ns-janitor").get()
                .getSpec().getHolderIdentity()).isNotBlank();
        env.janitor.awaitLogged("became leader");
    }

    private static void createNamespace(String name, Map<String, String> labels) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }
}
