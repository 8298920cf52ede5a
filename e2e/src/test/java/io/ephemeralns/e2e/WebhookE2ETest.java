package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admission webhook as a real process, called by the real API server over TLS. */
class WebhookE2ETest extends E2eTest {


    @BeforeAll
    static void anOrdinaryUserJane() {
        // an ordinary user: may edit namespaces and everything inside them, but is not exempt like system:masters
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("e2e-namespace-editor")
                .endMetadata().addNewRule().withApiGroups("").withResources("namespaces")
                .withVerbs("get", "list", "patch", "update", "create", "delete").endRule().build()).serverSideApply();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("e2e-jane-namespace-editor").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "e2e-namespace-editor")
                .addNewSubject().withKind("User").withName("jane").withApiGroup("rbac.authorization.k8s.io").endSubject()
                .build()).serverSideApply();
    }

    @ParameterizedTest(name = "ttl {0} is refused at creation")
    @CsvSource({
        "'', label ttl is missing",
        "24H, \"24H\" is not valid",
        "0s, \"0s\" is not valid",
        "73h, 73h",
    })
    void refusesACiNamespaceWithoutAValidTtlAtCreation(String ttl, String expected) {
        String ns = Names.ciNamespace("bad-ttl");
        String labels = ttl.isEmpty() ? "    created-by: ci-cd\n" : "    created-by: ci-cd\n    ttl: \"" + ttl + "\"\n";
        Shell.Result result = kubectl.withManifest("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n  labels:\n" + labels,
                "create");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("denied the request").contains(expected).contains("e.g.");
        assertThat(admin.namespaces().withName(ns).get()).isNull();
    }

    @Test
    void refusesTheLabellingUpdateThatMakesANamespaceCiWithoutTtl() {
        String ns = Names.ciNamespace("label-no-ttl");
        kubectl.run("create", "namespace", ns).ok();

        Shell.Result result = kubectl.run("label", "namespace", ns, "created-by=ci-cd");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("denied the request").contains("ttl");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels()).doesNotContainKey("created-by");
    }

    @Test
    void withADefaultTtlAdmitsANamespaceWithoutTtlAndKubectlShowsTheWarning() {
        // a webhook configured with a default TTL; the chart's configurations point at it meanwhile
        int port = ProgramProcess.freePort();
        try (ProgramProcess defaulting = env.startWebhook(Map.of("ephemeral-ns.default-ttl", "2h"), port)) {
            env.installChart(defaulting);
            String ns = Names.ciNamespace("defaulted");
            Shell.Result result = kubectl.withManifest("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns
                    + "\n  labels:\n    created-by: ci-cd\n", "create");

            result.ok();
            assertThat(result.stderr()).contains("Warning:").contains("ttl");
            Map<String, String> annotations = admin.namespaces().withName(ns).get().getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("ephemeral-ns.io/ttl-source", "default").containsKey("ephemeral-ns.io/expires-at");
        } finally {
            env.installChart(env.webhook);
        }
    }

    @Test
    void refusesAPodUntilTheBaselineIsAppliedAndAdmitsItOnceItIs() {
        String ns = Names.ciNamespace("held-back");
        kubectl.run("create", "namespace", ns).ok();
        kubectl.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h", "ephemeral-ns.io/profile=held-back").ok();
        awaitDefaultServiceAccount(ns);

        Shell.Result refused = kubectl.withManifest(pod("app", "100m"), "create", "-n", ns);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr()).contains("isolation baseline not applied yet, retry");

        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("e2e-webhook-configmaps")
                .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "create", "patch")
                .endRule().build()).serverSideApply();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("e2e-webhook-configmaps").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "e2e-webhook-configmaps")
                .addNewSubject().withKind("ServiceAccount").withName("ephemeral-ns-webhook")
                .withNamespace(ServiceAccountIdentity.NAMESPACE).endSubject().build()).serverSideApply();
        try {
            SeedPipeline.awaitBaseline(kubectl, ns);
            StrictMode.onceAdmitted(() -> kubectl.withManifest(pod("app", "100m"), "create", "-n", ns).ok());
        } finally {
            admin.rbac().clusterRoleBindings().withName("e2e-webhook-configmaps").delete();
        }
    }

    @Test
    void aPodAboveTheLimitRangeMaximumIsRefusedByTheApiServer() {
        String ns = appliedNamespace("limits");

        Shell.Result result = kubectl.withManifest(pod("greedy", "3"), "create", "-n", ns);

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("maximum cpu usage per Container is 2");
    }

    @Test
    void refusesDeletingAnInjectedNetworkPolicyAsAnOrdinaryUserButTheNamespaceStillDeletes() {
        String ns = appliedNamespace("guard");
        admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata().withName("jane-admin")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
                .addNewSubject().withKind("User").withName("jane").withApiGroup("rbac.authorization.k8s.io").endSubject()
                .build()).create();
        awaitAllowed(kubectl, "delete", "networkpolicies", "-n", ns, "--as=jane");

        Shell.Result result = kubectl.run("delete", "networkpolicy", "ephemeral-ns-default-deny", "-n", ns, "--as=jane");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("denied the request");
        assertThat(admin.network().networkPolicies().inNamespace(ns).withName("ephemeral-ns-default-deny").get()).isNotNull();

        kubectl.run("delete", "namespace", ns, "--as=jane", "--wait=false").ok();
        await().atMost(Duration.ofSeconds(90)).until(() -> admin.namespaces().withName(ns).get() == null);
    }

    @Test
    void refusesAnUpdateThatRemovesTheCiLabelsToEscapeTheJanitor() {
        String ns = appliedNamespace("escape");

        Shell.Result removeSelector = kubectl.run("label", "namespace", ns, "created-by-", "--as=jane");
        Shell.Result removeTtl = kubectl.run("label", "namespace", ns, "ttl-", "--as=jane");

        assertThat(removeSelector.exit()).isNotZero();
        assertThat(removeSelector.stderr()).contains("denied the request").contains("created-by");
        assertThat(removeTtl.exit()).isNotZero();
        assertThat(removeTtl.stderr()).contains("denied the request").contains("ttl");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
                .containsEntry("created-by", "ci-cd").containsKey("ttl");
    }

    @Test
    void exportsAdmissionAndReconcileMetrics() {
        appliedNamespace("metrics");
        kubectl.withManifest("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + Names.ciNamespace("denied")
                + "\n  labels:\n    created-by: ci-cd\n", "create");

        // a reconcile is counted once it returned, after it wrote baseline=applied, which appliedNamespace waited for
        String metrics = env.webhook.awaitMetricsMatching(
                "ephemeral_ns_admission_requests_total\\{[^}]*allowed=\"false\"[^}]*\\} [1-9]",
                "ephemeral_ns_admission_requests_total\\{[^}]*allowed=\"true\"[^}]*webhook=\"mutate\"\\} [1-9]",
                "ephemeral_ns_baseline_reconciles_total\\{result=\"applied\"\\} [1-9]");

        assertThat(metrics).contains("ephemeral_ns_admission_duration_seconds_bucket");
    }

    private static String appliedNamespace(String branch) {
        String ns = Names.ciNamespace(branch);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels("created-by", "ci-cd").addToLabels("ttl", "1h").endMetadata().build()).create();
        SeedPipeline.awaitBaseline(kubectl, ns);
        awaitDefaultServiceAccount(ns);
        return ns;
    }

    private static void awaitDefaultServiceAccount(String ns) {
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    }

    /** A Pod named {@code name} with that CPU limit, whose image is never pulled (no node runs it). */
    static String pod(String name, String cpuLimit) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  containers:
                    - name: app
                      image: registry.invalid/app:1
                      resources:
                        limits:
                          cpu: "%s"
                          memory: 128Mi
                """.formatted(name, cpuLimit);
    }
}
