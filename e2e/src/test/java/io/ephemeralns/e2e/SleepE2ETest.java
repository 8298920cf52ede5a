package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sleep of kept namespaces ({@code janitor.sleep.*}) on the real API server, whose kube-controller-manager runs
 * the Deployment and StatefulSet controllers (their Pods stay Pending: no node, which the sleep never looks at). A
 * janitor of its own (the shared one has the sleep off) with {@code janitor.sleep.after=2s}, checking every second,
 * under the chart's RBAC: it reads and scales workloads through the RoleBinding of each CI namespace's baseline. The
 * pipeline's identity writes what a pipeline writes (its workloads, the wake label) through the webhook and the
 * admission policies. The tests build on each other in order: sleep, forgery, wake, sleep again, wake by the plugin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SleepE2ETest extends E2eTest {

    private static final String SLEPT_AT = "ephemeral-ns.io/slept-at";
    private static final String SAVED = "ephemeral-ns.io/sleep-replicas";
    private static final String WOKEN_AT = "ephemeral-ns.io/woken-at";
    private static final String WAKE = "ephemeral-ns.io/wake";
    /** The sleep on; its sweeps (every second, for the report) delete and repair nothing: that is the shared janitor's. */
    private static final Map<String, String> SLEEP = Map.of("janitor.sleep.after", "2s", "janitor.sleep.interval", "1s",
            "janitor.interval", "1s", "janitor.leader-election.enabled", "false", "janitor.max-deletions-per-sweep", "0",
            "janitor.stuck.repair", "report", "janitor.capacity", "false");

    private static String kept;
    private static String active;
    private static ProgramProcess janitor;

    @BeforeAll
    static void aKeptAndAnActiveNamespaceEachWithWorkloads() {
        kept = Names.ciNamespace("sleep-kept");
        active = Names.ciNamespace("sleep-active");
        for (String name : List.of(kept, active)) {
            pipeline.run("create", "namespace", name).ok();
            pipeline.run("label", "namespace", name, "created-by=ci-cd", "ttl=1h").ok();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "applied".equals(annotations(name).get("ephemeral-ns.io/baseline")));
            pipeline.run("create", "deployment", "web", "-n", name, "--image=registry.invalid/app:1", "--replicas=2").ok();
        }
        pipeline.run("label", "namespace", kept, "keep=true").ok();
        admin.apps().statefulSets().inNamespace(kept).resource(new StatefulSetBuilder().withNewMetadata().withName("db")
                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata().withNewSpec().addNewContainer()
                .withName("db").withImage("registry.invalid/db:1").endContainer().endSpec().endTemplate().endSpec().build())
                .create();
    }

    @AfterAll
    static void stopTheJanitor() {
        if (janitor != null) {
            janitor.close();
        }
    }

    @Test
    @Order(1)
    void aDryRunJanitorLogsTheSleepAndChangesNothing() {
        Map<String, String> dryRun = new java.util.HashMap<>(SLEEP);
        dryRun.put("janitor.dry-run", "true");
        try (ProgramProcess dry = env.startJanitor(dryRun)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dry.log().contains("DRY-RUN: would put namespace " + kept + " to sleep"));
            assertThat(dry.log()).contains("deployment/web=2,statefulset/db=1"); // the same line
        }
        assertThat(annotations(kept)).doesNotContainKeys(SLEPT_AT, SAVED);
        assertThat(replicas(kept, "web")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aKeptNamespaceUnchangedForSleepAfterIsScaledToZeroWithItsCountsSaved() {
        janitor = env.startJanitor(SLEEP);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> annotations(kept).containsKey(SLEPT_AT) && replicas(kept, "web") == 0
                        && admin.apps().statefulSets().inNamespace(kept).withName("db").get().getSpec().getReplicas() == 0);
        assertThat(annotations(kept)).containsEntry(SAVED, "deployment/web=2,statefulset/db=1");
        assertThat(admin.apps().deployments().inNamespace(kept).withName("web").get().getMetadata().getAnnotations())
                .containsEntry(SAVED, "2");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events(kept, "Slept").isEmpty());
        assertThat(events(kept, "Slept").get(0).getMessage()).contains("deployment/web (2)", "statefulset/db (1)",
                "kubectl label namespace " + kept + " ephemeral-ns.io/wake=true");
        janitor.awaitMetrics("ephemeral_ns_sleeping_namespaces 1.0", "ephemeral_ns_sleeps_total 1.0");
        String sleptAt = annotations(kept).get(SLEPT_AT);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> reportEntry(kept).contains("\"sleptAt\":\"" + sleptAt + "\""));
        assertThat(reportEntry(active)).contains("\"name\":\"" + active + "\"").doesNotContain("\"sleptAt\":\"");
    }

    @Test
    @Order(3)
    void aNamespaceThatIsNotKeptNeverSleeps() {
        assertThat(annotations(active)).doesNotContainKey(SLEPT_AT);
        assertThat(replicas(active, "web")).isEqualTo(2);
        assertThat(janitor.log()).doesNotContain("namespace " + active + " put to sleep");
    }

    @Test
    @Order(4)
    void aPipelineCannotRaiseTheSavedCountsOnTheNamespace() {
        Shell.Result forged = pipeline.run("annotate", "namespace", kept, SAVED + "=deployment/web=1000", "--overwrite");

        assertThat(forged.stderr()).contains("ephemeral-ns reverted", SAVED);
        assertThat(annotations(kept)).containsEntry(SAVED, "deployment/web=2,statefulset/db=1");
    }

    @Test
    @Order(5)
    void theWakeLabelIsRefusedOnANamespaceThatDoesNotSleep() {
        Shell.Result result = pipeline.run("label", "namespace", active, WAKE + "=true");

        assertThat(result.stderr()).contains("accepted only on a CI namespace the janitor put to sleep");
        assertThat(admin.namespaces().withName(active).get().getMetadata().getLabels()).doesNotContainKey(WAKE);
    }

    @Test
    @Order(6)
    void theWakeLabelRestoresTheCountsTheJanitorSavedNotTheWorkloadsForgedAnnotation() {
        pipeline.run("annotate", "deployment", "web", "-n", kept, SAVED + "=1000", "--overwrite").ok();

        pipeline.run("label", "namespace", kept, WAKE + "=true").ok();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !events(kept, "Woken").isEmpty());
        assertThat(events(kept, "Woken").get(0).getMessage()).contains("restored deployment/web (2), statefulset/db (1)",
                "ignored deployment/web's annotation ephemeral-ns.io/sleep-replicas=\"1000\": the janitor saved 2");
        // the Event is recorded before the line is logged and the wake counted
        janitor.awaitLogged("namespace " + kept + " woken by the label");
        janitor.awaitMetrics("ephemeral_ns_wakes_total 1.0");
    }

    @Test
    @Order(7)
    void aWokenNamespaceSleepsAgainOnlyOnceUnchangedForSleepAfterSinceItsWake() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> events(kept, "Slept").size() == 2);
        Map<String, String> annotations = annotations(kept);
        Instant woken = Instant.parse(annotations.get(WOKEN_AT));

        assertThat(Instant.parse(annotations.get(SLEPT_AT))).isAfterOrEqualTo(woken.plusSeconds(2));
        assertThat(annotations).containsEntry(SAVED, "deployment/web=2,statefulset/db=1");
        assertThat(admin.namespaces().withName(kept).get().getMetadata().getLabels()).doesNotContainKey(WAKE);
    }

    @Test
    @Order(8)
    void thePluginListsTheNamespaceAsSleepingAndWakesItWithThePipelinesRights() {
        assertThat(KubectlPluginE2ETest.plugin("list").stdout()).containsPattern(kept + " +sleeping ");

        Shell.Result wake = KubectlPluginE2ETest.plugin("wake", kept);

        wake.ok();
        assertThat(wake.stdout()).contains(kept + ": wake requested; the janitor restores deployment/web=2,statefulset/db=1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> events(kept, "Woken").size() == 2);
        assertThat(events(kept, "Woken")).allSatisfy(event -> assertThat(event.getMessage())
                .contains("restored deployment/web (2), statefulset/db (1)"));
    }

    /** The report's entry of one namespace: from its name to the next entry. */
    private static String reportEntry(String name) {
        String report = janitor.get("/namespaces");
        int start = report.indexOf("{\"name\":\"" + name + "\"");
        if (start < 0) {
            return "";
        }
        int next = report.indexOf("{\"name\":", start + 1);
        return report.substring(start, next < 0 ? report.length() : next);
    }

    private static int replicas(String namespace, String deployment) {
        return admin.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getReplicas();
    }
}
