package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-scoped leftovers (janitor.leftovers): a janitor of its own, a real process under the chart's RBAC as rendered
 * with {@code janitor.leftovers.enabled=true} (list, get and delete on exactly the configured resources), and the
 * chart's admission policy on the owner label. Objects are named {@code e2e-lo-<sha>-...} and removed after each test.
 */
class LeftoversE2ETest extends E2eTest {

    private static final String OWNER = "ephemeral-ns.io/owner-namespace";
    private static final Map<String, String> JANITOR = Map.of("janitor.interval", "1s",
            "janitor.leader-election.enabled", "false", "janitor.leftovers.enabled", "true",
            "janitor.leftovers.interval", "1s", "janitor.leftovers.grace", "5s");

    private final String prefix = "e2e-lo-" + Names.sha().substring(0, 7);

    @BeforeAll
    static void theChartWithLeftovers() {
        env.controlPlane.installChart(env.webhook.baseUrl(), "janitor.leftovers.enabled=true");
    }

    @AfterAll
    static void theChartAsBefore() {
        env.controlPlane.installChart(env.webhook.baseUrl());
    }

    @AfterEach
    void removeTheTestsObjects() {
        admin.rbac().clusterRoles().list().getItems().stream().filter(role -> role.getMetadata().getName().contains(prefix))
                .forEach(role -> admin.resource(role).delete());
        admin.rbac().clusterRoleBindings().list().getItems().stream()
                .filter(binding -> binding.getMetadata().getName().startsWith(prefix))
                .forEach(binding -> admin.resource(binding).delete());
        admin.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
                .filter(hook -> hook.getMetadata().getName().startsWith(prefix)).forEach(hook -> admin.resource(hook).delete());
    }

    @Test
    void theOwnerLabelPolicyIsTypeCheckedWithoutWarnings() {
        String policy = "validatingadmissionpolicy/ephemeral-ns-owner-namespace-label";
        await(policy + " type-checked").atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", policy, "-o",
                "jsonpath={.status.observedGeneration}").ok().stdout().equals(kubectl.run("get", policy, "-o",
                "jsonpath={.metadata.generation}").ok().stdout()));
        assertThat(kubectl.run("get", policy, "-o", "jsonpath={.status.typeChecking.expressionWarnings}").ok().stdout())
                .isEmpty();
    }

    @Test
    void labelledObjectsGoOnlyAfterTheirNamespaceIsGoneAndTheGracePassedProtectedAndUnlabelledNever() {
        ObjectMeta shared = meta(prefix + "-shared", Map.of());
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(shared).build()).create();
        try (ProgramProcess janitor = env.startJanitor(JANITOR)) {
            String ns = ciNamespaceSeenBy(janitor);
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-role", owner(ns)))
                    .build()).create();
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                    .withMetadata(meta(prefix + "-binding", owner(ns)))
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", prefix + "-role").build()).create();
            admin.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                    new ValidatingWebhookConfigurationBuilder().withMetadata(meta(prefix + "-hooks", owner(ns))).build())
                    .create();
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta("system:" + prefix, owner(ns)))
                    .build()).create();
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-unlabelled",
                    Map.of())).build()).create();
            // an object older than the namespace, labelled afterwards (by an administrator: the policy exempts them)
            kubectl.run("label", "clusterrole", prefix + "-shared", OWNER + "=" + ns).ok();

            admin.namespaces().withName(ns).delete();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> janitor.get("/leftovers").contains("\"name\":\"" + prefix + "-role\",\"owner\":\"" + ns
                            + "\",\"state\":\"grace\""));
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-role").get()).as("not before the grace").isNotNull();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(admin.rbac().clusterRoles().withName(prefix + "-role").get()).as(janitor.log()).isNull();
                assertThat(admin.rbac().clusterRoleBindings().withName(prefix + "-binding").get()).isNull();
                assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(prefix + "-hooks")
                        .get()).isNull();
            });
            assertThat(admin.rbac().clusterRoles().withName("system:" + prefix).get()).as("protected").isNotNull();
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-unlabelled").get()).as("unlabelled").isNotNull();
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-shared").get()).as("older than its namespace")
                    .isNotNull();
            String report = janitor.get("/leftovers");
            assertThat(report).contains("\"name\":\"" + prefix + "-shared\",\"owner\":\"" + ns + "\",\"state\":\"unverified\"")
                    .contains("\"name\":\"system:" + prefix + "\",\"owner\":\"" + ns + "\",\"state\":\"protected\"");
            janitor.awaitMetricsMatching(
                    "ephemeral_ns_leftover_deletions_total\\{resource=\"clusterroles.rbac.authorization.k8s.io\"} [1-9]",
                    "ephemeral_ns_leftover_objects\\{resource=\"clusterroles.rbac.authorization.k8s.io\",state=\"unverified\"} [1-9]");
            janitor.awaitLogged("deleted leftover clusterroles.rbac.authorization.k8s.io/" + prefix + "-role");
        }
    }

    @Test
    void dryRunDeletesNothing() {
        Map<String, String> settings = new HashMap<>(JANITOR);
        settings.put("janitor.dry-run", "true");
        try (ProgramProcess janitor = env.startJanitor(settings)) {
            String ns = ciNamespaceSeenBy(janitor);
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-role", owner(ns)))
                    .build()).create();
            admin.namespaces().withName(ns).delete();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> janitor.log()
                    .contains("DRY-RUN: would delete clusterroles.rbac.authorization.k8s.io/" + prefix + "-role"));
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-role").get()).isNotNull();
            assertThat(janitor.log()).doesNotContain("deleted leftover");
        }
    }

    @Test
    void aPipelineThatMayUpdateASharedClusterRoleCannotLabelItForTheJanitor() {
        String ns = Names.ciNamespace("leftovers-deputy");
        createCiNamespace(ns);
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-shared", Map.of()))
                .build()).create();
        // the pipeline may update (not delete) that one ClusterRole, and create ClusterRoles
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-updater", Map.of()))
                .addNewRule().withApiGroups("rbac.authorization.k8s.io").withResources("clusterroles")
                .withResourceNames(prefix + "-shared").withVerbs("get", "update", "patch").endRule()
                .addNewRule().withApiGroups("rbac.authorization.k8s.io").withResources("clusterroles")
                .withVerbs("create").endRule().build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withMetadata(meta(prefix + "-updater", Map.of()))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", prefix + "-updater")
                .addNewSubject().withKind("ServiceAccount").withName(PipelineIdentity.SERVICE_ACCOUNT)
                .withNamespace(PipelineIdentity.NAMESPACE).endSubject().build()).create();
        try {
            awaitAllowed(pipeline, "update", "clusterroles/" + prefix + "-shared");
            policyInForce(ns);

            Shell.Result label = pipeline.run("label", "clusterrole", prefix + "-shared", OWNER + "=" + ns);
            assertThat(label.exit()).as(label.output()).isNotZero();
            assertThat(label.stderr()).contains("ephemeral-ns policy").contains("never added or changed afterwards");
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-shared").get().getMetadata().getLabels())
                    .doesNotContainKey(OWNER);

            // nor may it name a namespace other than its own (ci-runner) when it creates one
            Shell.Result create = pipeline.withManifest("""
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata:
                      name: %s-claimed
                      labels:
                        %s: %s
                    """.formatted(prefix, OWNER, ns), "create");
            assertThat(create.exit()).as(create.output()).isNotZero();
            assertThat(create.stderr()).contains("ephemeral-ns policy").contains("its own namespace");
        } finally {
            admin.namespaces().withName(ns).delete();
        }
    }

    @Test
    void aClusterRoleACiNamespacesServiceAccountCreatesIsStampedWithItsNamespace() throws Exception {
        String ns = Names.ciNamespace("leftovers-stamp");
        createCiNamespace(ns);
        admin.serviceAccounts().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("deployer").endMetadata().build()).create();
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withMetadata(meta(prefix + "-creator", Map.of()))
                .addNewRule().withApiGroups("rbac.authorization.k8s.io").withResources("clusterroles")
                .withVerbs("create", "get").endRule().build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withMetadata(meta(prefix + "-creator", Map.of()))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", prefix + "-creator")
                .addNewSubject().withKind("ServiceAccount").withName("deployer").withNamespace(ns).endSubject().build())
                .create();
        try {
            Kubectl deployer = new Kubectl(TokenKubeconfig.write(java.nio.file.Files.createTempFile(env.controlPlane.state(),
                    "deployer", ".kubeconfig"), env.controlPlane.url(), env.controlPlane.caCert(), "deployer",
                    TokenKubeconfig.token(admin, ns, "deployer"), ns));
            awaitAllowed(deployer, "create", "clusterroles.rbac.authorization.k8s.io");
            Shell.Result created = deployer.withManifest("""
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata:
                      name: %s-made-by-a-pipeline
                    """.formatted(prefix), "create");
            assertThat(created.exit()).as(created.output()).isZero();
            assertThat(created.stderr()).contains(OWNER + "=" + ns);
            assertThat(admin.rbac().clusterRoles().withName(prefix + "-made-by-a-pipeline").get().getMetadata().getLabels())
                    .containsEntry(OWNER, ns);
        } finally {
            admin.namespaces().withName(ns).delete();
        }
    }

    /**
     * Waits until the API server enforces the chart's owner-label policy: a policy and its binding take effect some
     * moments after they are created (the API server loads them asynchronously). The probe is a creation the policy
     * refuses (the pipeline's ServiceAccount naming a namespace not its own); one that got through is removed and tried
     * again.
     */
    private void policyInForce(String ns) {
        String probe = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: %s-probe
                  labels:
                    %s: %s
                """.formatted(prefix, OWNER, ns);
        await("policy ephemeral-ns-owner-namespace-label in force").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    Shell.Result created = pipeline.withManifest(probe, "create");
                    if (created.exit() == 0) {
                        admin.rbac().clusterRoles().withName(prefix + "-probe").delete();
                        return false;
                    }
                    return created.stderr().contains("ephemeral-ns policy");
                });
    }

    /** Creates a CI namespace and waits until the janitor reports it (so its memory holds it). */
    private String ciNamespaceSeenBy(ProgramProcess janitor) {
        String ns = Names.ciNamespace("leftovers");
        createCiNamespace(ns);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> janitor.get("/namespaces").contains("\"name\":\"" + ns + "\""));
        return ns;
    }

    private static void createCiNamespace(String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .withLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> "applied".equals(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()
                        .get("ephemeral-ns.io/baseline")));
    }

    private static Map<String, String> owner(String ns) {
        return Map.of(OWNER, ns);
    }

    private static ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withLabels(labels).build();
    }
}
