package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart installed with its defaults ({@code install.sh in-cluster --no-wait}) on a control plane of its own
 * ({@code e2e/scripts/control-plane.sh}: no nodes, so the webhook's Service has no pods: a dead webhook, as when it
 * crashes), and the chart's claims about scoping and TLS checked against it: what a dead webhook must refuse, what
 * it must let through, that an upgrade keeps the generated certificate, that the admission policies are type-checked
 * and refuse for real, and that an uninstall ({@code install.sh uninstall}) leaves nothing cluster-wide. Its own
 * control plane, because the suite's one has the release installed for programs outside the cluster.
 *
 * <p>The steps build on each other (the uninstall comes last), so the tests run in their declared order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadWebhookE2ETest {

    private static final String NS = HelmRelease.NAMESPACE;
    private static final String PLAIN = "vc-plain-" + ProcessHandle.current().pid();
    private static final String CI = "vc-ci-" + ProcessHandle.current().pid();

    private static Path repo;
    private static Path state;
    private static HelmRelease chart;
    private static Kubectl kubectl;
    private static String generatedCa;
    private static String caAfterUpgrade;

    @BeforeAll
    static void installTheChartWithADeadWebhook() throws IOException {
        repo = OncePerRun.repo();
        state = Files.createTempDirectory("ephemeral-ns-dead-webhook-");
        Files.delete(state); // the launcher creates it and refuses a non-empty one
        Shell.run(Duration.ofMinutes(5), Map.of(), List.of(controlPlaneScript(), "up", state.toString())).ok();
        Path kubeconfig = state.resolve("kubeconfig");
        kubectl = new Kubectl(kubeconfig);
        chart = new HelmRelease(repo, kubeconfig);
        assertThat(helm("status", HelmRelease.NAME, "-n", NS).exit()).as("a release ephemeral-ns already exists").isNotZero();

        chart.installInCluster(Duration.ofMinutes(5), "--no-wait");
        generatedCa = webhookSecretCa();
        chart.installInCluster(Duration.ofMinutes(5), "--no-wait", "--set", "janitor.dryRun=true");
        caAfterUpgrade = webhookSecretCa();
    }

    @AfterAll
    static void uninstallAndStop() {
        if (kubectl != null) {
            kubectl.run("delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", HelmRelease.NAME, "--ignore-not-found");
            helm("uninstall", HelmRelease.NAME, "-n", NS);
        }
        if (state != null) {
            Shell.run(Duration.ofMinutes(2), Map.of(), List.of(controlPlaneScript(), "down", state.toString()));
        }
    }

    @Test
    @Order(1)
    void helmUpgradeKeepsTheGeneratedCertificateAndBothWebhookConfigurationsTrustIt() {
        assertThat(caAfterUpgrade).as("helm upgrade generated a new CA: TLS must be kept across upgrades (lookup)")
                .isEqualTo(generatedCa);
        for (String configuration : List.of("mutatingwebhookconfiguration", "validatingwebhookconfiguration")) {
            assertThat(kubectl.run("get", configuration, HelmRelease.NAME, "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}")
                    .ok().stdout()).as(configuration + " caBundle is the ca.crt of Secret ephemeral-ns-webhook-tls")
                    .isEqualTo(generatedCa);
        }
    }

    @Test
    @Order(2)
    void theFiveAdmissionPoliciesAreTypeCheckedWithoutWarnings() {
        List<String> policies = kubectl.run("get", "validatingadmissionpolicies", "-l", "app.kubernetes.io/name=ephemeral-ns",
                "-o", "name").ok().stdout().lines().toList();
        assertThat(policies).as("admission policies after helm install").hasSize(5);
        for (String policy : policies) {
            await(policy + " type-checked (status.observedGeneration)").atMost(Duration.ofSeconds(30))
                    .until(() -> get(policy, "{.status.observedGeneration}").equals(get(policy, "{.metadata.generation}")));
            assertThat(get(policy, "{.status.typeChecking.expressionWarnings}")).as(policy + " type-checking warnings").isEmpty();
        }
    }

    @Test
    @Order(3)
    void theJanitorsAccountCannotDeleteAProtectedNamespaceEvenAsAServerSideDryRun() {
        Shell.Result result = kubectl.run("delete", "namespace", "kube-node-lease", "--dry-run=server", "--wait=false",
                "--as=system:serviceaccount:" + NS + ":ephemeral-ns-janitor", "--as-group=system:serviceaccounts");

        assertThat(result.exit()).as("the janitor's account deleting kube-node-lease: " + result.output()).isNotZero();
        assertThat(result.output()).containsPattern("ValidatingAdmissionPolicy 'ephemeral-ns-janitor-namespaces'.*is protected");
    }

    @Test
    @Order(4)
    void nonCiKubeSystemAndReleaseNamespacesPassADeadWebhook() {
        String key = "ephemeral-ns.io/validate-" + ProcessHandle.current().pid();
        assertThat(kubectl.run("create", "namespace", PLAIN).exit()).as("a non-CI namespace was blocked by the dead webhook").isZero();
        assertThat(kubectl.run("label", "namespace", "kube-system", key + "=x").exit()).as("kube-system was blocked").isZero();
        kubectl.run("label", "namespace", "kube-system", key + "-").ok();
        assertThat(kubectl.run("label", "namespace", NS, "created-by=ci-cd").exit()).as("the release namespace was blocked").isZero();
        kubectl.run("label", "namespace", NS, "created-by-").ok();
    }

    @Test
    @Order(5)
    void aNamespaceBecomingACiNamespaceIsRefused() {
        assertRefusedByTheDeadWebhook(kubectl.run("label", "namespace", PLAIN, "created-by=ci-cd", "ttl=1h"));
    }

    @Test
    @Order(6)
    void aProductKeyAddedToANamespaceThatIsNotCiIsRefused() {
        assertRefusedByTheDeadWebhook(kubectl.run("annotate", "namespace", PLAIN, "ephemeral-ns.io/expires-at=2020-01-01T00:00:00Z"));
    }

    /**
     * A CI namespace with a baseline object, created while both failure policies are Ignore (creating an object
     * under a baseline name is itself guarded, by the baseline webhook); then the chart's defaults again.
     */
    @Test
    @Order(7)
    void removingTheCiLabelsOfACiNamespaceIsRefusedMatchedOnItsOldObject() {
        chart.installInCluster(Duration.ofMinutes(5), "--no-wait",
                "--set", "webhook.failurePolicy=Ignore", "--set", "webhook.baselineFailurePolicy=Ignore");
        awaitFailurePolicies(false);
        kubectl.run("create", "namespace", CI).ok();
        kubectl.run("label", "namespace", CI, "created-by=ci-cd", "ttl=1h", "ephemeral-ns.io/managed=true").ok();
        kubectl.withManifest("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: ephemeral-ns-quota, namespace: %s, labels: {ephemeral-ns.io/baseline: "true"}}
                spec: {hard: {pods: "5"}}
                """.formatted(CI), "apply").ok();
        chart.installInCluster(Duration.ofMinutes(5), "--no-wait");
        awaitFailurePolicies(true);

        assertRefusedByTheDeadWebhook(kubectl.run("label", "namespace", CI, "created-by-", "ephemeral-ns.io/managed-"));
    }

    @Test
    @Order(8)
    void deletingABaselineObjectIsRefused() {
        assertRefusedByTheDeadWebhook(kubectl.run("-n", CI, "delete", "resourcequota", "ephemeral-ns-quota"));
    }

    @Test
    @Order(9)
    void aTerminatingCiNamespaceWithBaselineObjectsFinishesDespiteTheDeadWebhook() {
        kubectl.run("delete", "namespace", CI, "--wait=false").ok();

        assertThat(kubectl.run("wait", "--for=delete", "namespace/" + CI, "--timeout=60s").exit())
                .as("a terminating CI namespace did not finish with a dead webhook (namespace controller blocked?)").isZero();
    }

    @Test
    @Order(10)
    void uninstallingWebhookConfigurationsFirstThenTheReleaseLeavesNothingClusterWide() {
        kubectl.run("delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", HelmRelease.NAME).ok();
        chart.uninstall();

        assertThat(kubectl.run("get", "clusterrole", "ephemeral-ns-janitor").exit()).as("ClusterRole left after helm uninstall").isNotZero();
        assertThat(kubectl.run("get", "validatingadmissionpolicies,validatingadmissionpolicybindings",
                "-l", "app.kubernetes.io/name=ephemeral-ns", "-o", "name").ok().stdout()).as("admission policies left after helm uninstall")
                .isBlank();
        kubectl.run("delete", "namespace", PLAIN, "--wait=false").ok();
    }

    private static void assertRefusedByTheDeadWebhook(Shell.Result result) {
        assertThat(result.exit()).as("accepted, but the dead webhook must refuse it: " + result.output()).isNotZero();
        assertThat(result.output()).as("refused for another reason").contains("failed calling webhook");
    }

    /**
     * Waits until the API server applies the failure policies last installed, Fail or Ignore: it reads webhook
     * configurations from a watch-fed cache, so for a moment after helm returns it applies the previous ones. The probes
     * are server-side dry runs (admission in full, nothing changed): with both configurations' policies Ignore, a CI
     * namespace can be created; with Fail, the CI namespace cannot lose its CI labels (the namespace webhooks) nor its
     * baseline quota (the baseline webhook).
     */
    private static void awaitFailurePolicies(boolean fail) {
        await("failure policies " + (fail ? "Fail" : "Ignore") + " applied").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> fail
                        ? refusedByTheDeadWebhook(kubectl.run("label", "namespace", CI, "created-by-", "ephemeral-ns.io/managed-",
                                "--dry-run=server"))
                                && refusedByTheDeadWebhook(kubectl.run("-n", CI, "delete", "resourcequota", "ephemeral-ns-quota",
                                        "--dry-run=server"))
                        : kubectl.withManifest("""
                                apiVersion: v1
                                kind: Namespace
                                metadata:
                                  name: %s-probe
                                  labels: {created-by: ci-cd, ttl: 1h, ephemeral-ns.io/managed: "true"}
                                """.formatted(CI), "create", "--dry-run=server").exit() == 0);
    }

    private static boolean refusedByTheDeadWebhook(Shell.Result result) {
        return result.exit() != 0 && result.output().contains("failed calling webhook");
    }

    private static String webhookSecretCa() {
        return kubectl.run("-n", NS, "get", "secret", "ephemeral-ns-webhook-tls", "-o", "jsonpath={.data.ca\\.crt}").ok().stdout();
    }

    private static String get(String object, String jsonPath) {
        return kubectl.run("get", object, "-o", "jsonpath=" + jsonPath).ok().stdout();
    }

    /** helm with the control plane's kubeconfig, whatever its exit code. */
    private static Shell.Result helm(String... args) {
        List<String> command = new ArrayList<>(List.of(HelmRelease.binary(repo).toString(), "--kubeconfig",
                state.resolve("kubeconfig").toString()));
        command.addAll(List.of(args));
        return Shell.run(Duration.ofMinutes(5), Map.of(), command);
    }

    private static String controlPlaneScript() {
        return repo.resolve("e2e/scripts/control-plane.sh").toString();
    }
}
