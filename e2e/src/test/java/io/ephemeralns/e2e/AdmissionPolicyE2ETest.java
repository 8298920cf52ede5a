package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's ValidatingAdmissionPolicies on the real API server, acting with the product's own ServiceAccount
 * tokens (and a pipeline's ordinary identity). Where the chart's RBAC would refuse first, the test grants the right
 * for a moment ({@code e2e-policy-extra-rights}), so that what refuses is provably the policy: every refusal is
 * asserted on the policy's name and message.
 */
class AdmissionPolicyE2ETest extends E2eTest {

    private static final String EXTRA_RIGHTS = "e2e-policy-extra-rights";
    private static final String HOLD = "e2e.ephemeral-ns.io/hold";

    private static Kubectl janitor;
    private static Kubectl webhook;

    @BeforeAll
    static void extraRightsForTheJanitor() {
        janitor = new Kubectl(env.janitorKubeconfig);
        webhook = new Kubectl(env.webhookKubeconfig);
        // rights the chart does not give the janitor (single deletes, ConfigMap writes, finalize): the policy must
        // refuse them outside CI namespaces even when RBAC allows them
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(EXTRA_RIGHTS).endMetadata()
                .addNewRule().withApiGroups("").withResources("pods").withVerbs("delete").endRule()
                .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "patch").endRule()
                .addNewRule().withApiGroups("").withResources("namespaces/finalize").withVerbs("update").endRule()
                .build()).serverSideApply();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(EXTRA_RIGHTS)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", EXTRA_RIGHTS)
                .addNewSubject().withKind("ServiceAccount").withName(env.janitorIdentity.serviceAccount)
                .withNamespace(ServiceAccountIdentity.NAMESPACE).endSubject().build()).serverSideApply();
        // each test expects the policy's refusal, not RBAC's: the rights must be in force first
        awaitAllowed(janitor, "delete", "pods", "-A");
        awaitAllowed(janitor, "patch", "configmaps", "-A");
        awaitAllowed(janitor, "update", "namespaces", "--subresource=finalize");
    }

    @AfterAll
    static void removeExtraRights() {
        admin.rbac().clusterRoleBindings().withName(EXTRA_RIGHTS).delete();
        admin.rbac().clusterRoles().withName(EXTRA_RIGHTS).delete();
    }

    @ParameterizedTest(name = "the janitor cannot delete protected namespace {0}, even labelled as a CI namespace")
    @ValueSource(strings = {"kube-node-lease", ServiceAccountIdentity.NAMESPACE})
    void theJanitorCannotDeleteAProtectedNamespaceEvenLabelledAsACiNamespace(String name) {
        admin.namespaces().withName(name).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("created-by", "ci-cd").addToLabels("ephemeral-ns.io/managed", "true").endMetadata().build());
        try {
            // dry run: admission runs in full, and a policy that failed to refuse would still delete nothing
            Shell.Result result = janitor.run("delete", "namespace", name, "--dry-run=server", "--wait=false");

            assertRefusedBy(result, "ephemeral-ns-janitor-namespaces", "namespace " + name + " is protected");
        } finally {
            admin.namespaces().withName(name).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .removeFromLabels("created-by").removeFromLabels("ephemeral-ns.io/managed").endMetadata().build());
        }
    }

    @ParameterizedTest(name = "the janitor cannot delete {0} and cannot annotate it")
    @ValueSource(strings = {"kube-system", "default"})
    void theJanitorCannotDeleteOrChangeKubeSystemAndDefault(String name) {
        // the API server's NamespaceLifecycle refuses to delete these before any policy runs; the policy's own
        // refusal of them shows on the one change the janitor's RBAC allows there: an annotation
        Shell.Result delete = janitor.run("delete", "namespace", name, "--dry-run=server", "--wait=false");
        Shell.Result annotate = janitor.run("annotate", "namespace", name, "ephemeral-ns.io/stuck-reason=forged");

        assertThat(delete.exit()).isNotZero();
        assertThat(delete.stderr()).contains("forbidden");
        assertRefusedBy(annotate, "ephemeral-ns-janitor-namespaces", "namespace " + name + " is protected");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getAnnotations())
                .doesNotContainKey("ephemeral-ns.io/stuck-reason");
    }

    @Test
    void theJanitorCannotDeleteANamespaceThatIsNotACiNamespace() {
        String name = plainNamespace("plain-delete");

        Shell.Result result = janitor.run("delete", "namespace", name, "--wait=false");

        assertRefusedBy(result, "ephemeral-ns-janitor-namespaces", "namespace " + name + " is not a CI namespace");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void theJanitorDeletesACiNamespace() {
        String name = ciNamespace("janitor-deletes");

        janitor.run("delete", "namespace", name, "--wait=false").ok();

        Namespace namespace = admin.namespaces().withName(name).get();
        assertThat(namespace == null || namespace.getMetadata().getDeletionTimestamp() != null).isTrue();
    }

    @Test
    void theJanitorMayAnnotateACiNamespaceWithItsKeysButNotLabelIt() {
        String name = ciNamespace("janitor-labels");

        janitor.run("annotate", "namespace", name, "ephemeral-ns.io/stuck-reason=test").ok();
        Shell.Result label = janitor.run("label", "namespace", name, "keep=true");
        Shell.Result annotate = janitor.run("annotate", "namespace", name, "note=forged");

        assertRefusedBy(label, "ephemeral-ns-janitor-namespaces", "may change only ephemeral-ns.io/ annotations");
        assertRefusedBy(annotate, "ephemeral-ns-janitor-namespaces", "may change only ephemeral-ns.io/ annotations");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels()).doesNotContainKey("keep");
    }

    @Test
    void theJanitorMayRemoveTheWakeLabelButChangeNoOtherLabel() {
        String name = ciNamespace("janitor-wake");
        admin.namespaces().withName(name).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("ephemeral-ns.io/wake", "true").endMetadata().build());

        janitor.run("label", "namespace", name, "ephemeral-ns.io/wake-").ok();
        Shell.Result profile = janitor.run("label", "namespace", name, "ephemeral-ns.io/profile=small", "--overwrite");

        assertRefusedBy(profile, "ephemeral-ns-janitor-namespaces", "and its label ephemeral-ns.io/wake, no other label");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .doesNotContainKey("ephemeral-ns.io/wake").doesNotContainEntry("ephemeral-ns.io/profile", "small");
    }

    @Test
    void theJanitorCannotFinalizeANamespaceThatIsNotTerminating() {
        String name = ciNamespace("janitor-finalize");
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"finalizers\":[]}}";

        Shell.Result result = janitor.withManifest(body, "replace", "--raw", "/api/v1/namespaces/" + name + "/finalize");

        assertRefusedBy(result, "ephemeral-ns-janitor-namespaces", "is not terminating");
        assertThat(admin.namespaces().withName(name).get().getSpec().getFinalizers()).contains("kubernetes");
    }

    @Test
    void theJanitorCannotDeleteAPodOrPatchAConfigMapOutsideCiNamespaces() {
        String name = plainNamespace("plain-objects");
        awaitDefaultServiceAccount(name);
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata()
                .addToData("k", "v").build()).create();
        admin.pods().inNamespace(name).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("app").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("registry.invalid/app:1")
                .endContainer().endSpec().build()).create();

        Shell.Result deletePod = janitor.run("delete", "pod", "app", "-n", name, "--wait=false");
        Shell.Result deleteAllPods = janitor.run("delete", "--raw", "/api/v1/namespaces/" + name + "/pods");
        Shell.Result patch = janitor.run("patch", "configmap", "app", "-n", name, "--type=merge", "-p", "{\"data\":{\"k\":\"x\"}}");

        for (Shell.Result result : List.of(deletePod, deleteAllPods, patch)) {
            assertRefusedBy(result, "ephemeral-ns-janitor-objects", "in namespace " + name + ", which is not a CI namespace");
        }
        assertThat(admin.pods().inNamespace(name).withName("app").get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(admin.configMaps().inNamespace(name).withName("app").get().getData()).containsEntry("k", "v");
    }

    @Test
    void theJanitorMayPatchAConfigMapInACiNamespace() {
        String name = ciNamespace("janitor-objects");
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata()
                .addToData("k", "v").build()).create();

        janitor.run("patch", "configmap", "app", "-n", name, "--type=merge", "-p", "{\"data\":{\"k\":\"x\"}}").ok();

        assertThat(admin.configMaps().inNamespace(name).withName("app").get().getData()).containsEntry("k", "x");
    }

    @Test
    void theJanitorCannotWriteALeaseOtherThanItsOwn() {
        // its Role allows Leases in the product namespace; the policy narrows that to its own Lease
        String lease = """
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata:
                  name: ephemeral-ns-webhook-e2e
                  namespace: %s
                spec:
                  holderIdentity: forged
                """.formatted(ServiceAccountIdentity.NAMESPACE);

        Shell.Result result = janitor.withManifest(lease, "create");

        assertRefusedBy(result, "ephemeral-ns-janitor-objects", "its Lease " + ServiceAccountIdentity.NAMESPACE + "/ephemeral-ns-janitor");
        assertThat(admin.leases().inNamespace(ServiceAccountIdentity.NAMESPACE).withName("ephemeral-ns-webhook-e2e").get()).isNull();
    }

    @ParameterizedTest(name = "the webhook's account cannot {0} on a CI namespace")
    @CsvSource({
        "'remove the selector label', label, created-by-",
        "'add a label of its own', label, team=forged",
        "'add an annotation', annotate, note=forged",
    })
    void theWebhookAccountCannotChangeANonProductLabelOrAnnotation(String what, String verb, String change) {
        String name = ciNamespace("webhook-keys");

        Shell.Result result = webhook.run(verb, "namespace", name, change);

        assertRefusedBy(result, "ephemeral-ns-webhook-namespaces", "may change only ephemeral-ns.io/ labels and annotations of namespace " + name);
        Namespace namespace = admin.namespaces().withName(name).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("created-by", "ci-cd").doesNotContainKey("team");
        assertThat(namespace.getMetadata().getAnnotations()).doesNotContainKey("note");
    }

    @Test
    void theWebhookAccountCannotChangeAProtectedNamespace() {
        Shell.Result result = webhook.run("annotate", "namespace", "kube-system", "ephemeral-ns.io/baseline=applied");

        assertRefusedBy(result, "ephemeral-ns-webhook-namespaces", "namespace kube-system is protected");
    }

    @Test
    void theWebhookAccountCanChangeAProductKeyOfACiNamespace() {
        String name = ciNamespace("webhook-product-key");

        webhook.run("annotate", "namespace", name, "ephemeral-ns.io/e2e-check=done").ok();

        assertThat(admin.namespaces().withName(name).get().getMetadata().getAnnotations())
                .containsEntry("ephemeral-ns.io/e2e-check", "done");
    }

    @Test
    void theWebhookAccountCannotCreateAQuotaOutsideCiNamespacesThoughItsRbacAllowsIt() {
        String name = plainNamespace("plain-quota");
        String quota = """
                apiVersion: v1
                kind: ResourceQuota
                metadata:
                  name: ephemeral-ns-quota
                  namespace: %s
                spec:
                  hard:
                    pods: "0"
                """.formatted(name);

        Shell.Result result = webhook.withManifest(quota, "create");

        assertRefusedBy(result, "ephemeral-ns-webhook-objects", "in namespace " + name + ", which is not a CI namespace");
        assertThat(admin.resourceQuotas().inNamespace(name).list().getItems()).isEmpty();
    }

    @Test
    void aPipelineCannotDressATerminatingNamespaceUpAsACiNamespace() {
        String name = terminatingNamespace(plainNamespace("terminating-plain"));
        try {
            // the webhooks refuse or revert this too; with them down and ignored, the policy alone must hold
            withTheWebhooksDownAndIgnored(() -> {
                Shell.Result selector = env.pipeline.run("label", "namespace", name, "created-by=ci-cd", "ttl=1h");
                Shell.Result managed = env.pipeline.run("label", "namespace", name, "ephemeral-ns.io/managed=true");

                assertRefusedBy(selector, "ephemeral-ns-namespace-product-keys", "namespace " + name + " is terminating");
                assertRefusedBy(managed, "ephemeral-ns-namespace-product-keys", "namespace " + name + " is terminating");
                assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                        .doesNotContainKeys("created-by", "ephemeral-ns.io/managed");
            });
        } finally {
            release(name);
        }
    }

    @Test
    void aPipelineCannotChangeTheProductKeysOfATerminatingCiNamespaceButOtherLabels() {
        String name = terminatingNamespace(ciNamespace("terminating-ci"));
        try {
            // the webhooks revert or refuse this too; with them down and ignored, the policy alone must hold
            withTheWebhooksDownAndIgnored(() -> {
                Shell.Result expiry = env.pipeline.run("annotate", "--overwrite", "namespace", name,
                        "ephemeral-ns.io/expires-at=2000-01-01T00:00:00Z");
                Shell.Result selector = env.pipeline.run("label", "namespace", name, "created-by-");

                assertRefusedBy(expiry, "ephemeral-ns-namespace-product-keys", "namespace " + name + " is terminating");
                assertRefusedBy(selector, "ephemeral-ns-namespace-product-keys", "namespace " + name + " is terminating");
                env.pipeline.run("label", "namespace", name, "note=still-allowed").ok();
            });
        } finally {
            release(name);
        }
    }

    @Test
    void withTheWebhooksDownAndIgnoredAPipelineStillCannotMarkANamespaceManaged() {
        String name = plainNamespace("mark-managed");
        withTheWebhooksDownAndIgnored(() -> {
            Shell.Result result = env.pipeline.run("label", "namespace", name, "ephemeral-ns.io/managed=true", "ttl=1h");

            assertRefusedBy(result, "ephemeral-ns-namespace-product-keys", "may not carry ephemeral-ns.io/managed=true");
            assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                    .doesNotContainKey("ephemeral-ns.io/managed");
        });
    }

    @Test
    void withTheWebhooksDownAndIgnoredAPipelineStillCannotTakeItsNamespaceOutOfTheJanitorsCare() {
        String name = ciNamespace("unmark-managed");
        withTheWebhooksDownAndIgnored(() -> {
            Shell.Result result = env.pipeline.run("label", "namespace", name, "ephemeral-ns.io/managed-");

            assertRefusedBy(result, "ephemeral-ns-namespace-product-keys", "namespace " + name + " is a CI namespace");
            assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                    .containsEntry("ephemeral-ns.io/managed", "true");
        });
    }

    @Test
    void withTheWebhooksDownAndIgnoredAPipelineStillCannotForgeTheSleepsRecord() {
        String name = ciNamespace("forge-sleep");
        withTheWebhooksDownAndIgnored(() -> {
            Shell.Result result = env.pipeline.run("annotate", "namespace", name,
                    "ephemeral-ns.io/sleep-replicas=deployment/web=1000", "ephemeral-ns.io/slept-at=2026-01-01T00:00:00Z");

            assertRefusedBy(result, "ephemeral-ns-namespace-product-keys",
                    "keeps its ephemeral-ns.io/slept-at, sleep-replicas and woken-at as the janitor wrote them");
            assertThat(admin.namespaces().withName(name).get().getMetadata().getAnnotations())
                    .doesNotContainKeys("ephemeral-ns.io/sleep-replicas", "ephemeral-ns.io/slept-at");
        });
    }

    /**
     * Runs the check while the chart's webhook configurations point at a port nobody listens on, with
     * failurePolicy=Ignore, so that requests pass the webhooks unexamined; then points them back.
     */
    private static void withTheWebhooksDownAndIgnored(Runnable check) {
        env.controlPlane.installChart("https://127.0.0.1:" + ProgramProcess.freePort(), "webhook.failurePolicy=Ignore");
        try {
            env.awaitCalls(env.webhook, false);
            check.run();
        } finally {
            env.installChart(env.webhook);
        }
    }

    private static void assertRefusedBy(Shell.Result result, String policy, String message) {
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.stderr()).contains("ValidatingAdmissionPolicy '" + policy + "'").contains("ephemeral-ns policy: ")
                .contains(message);
    }

    /** A namespace that is not a CI namespace (no labels). */
    private static String plainNamespace(String prefix) {
        String name = prefix + "-" + Names.sha().substring(0, 7);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** A CI namespace the webhook admitted and the reconciler completed (both acting under the policies). */
    private static String ciNamespace(String branch) {
        String name = Names.ciNamespace(branch);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).endMetadata().build()).create();
        SeedPipeline.awaitBaseline(kubectl, name);
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels()).containsEntry("ephemeral-ns.io/managed", "true");
        return name;
    }

    /** Deletes the namespace while a ConfigMap's finalizer holds it in Terminating; {@link #release} lets it go. */
    private static String terminatingNamespace(String name) {
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .addToFinalizers(HOLD).endMetadata().build()).create();
        admin.namespaces().withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.namespaces().withName(name).get().getMetadata().getDeletionTimestamp() != null);
        return name;
    }

    private static void release(String name) {
        admin.configMaps().inNamespace(name).withName("held").edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                .removeFromFinalizers(HOLD).endMetadata().build());
    }

    private static void awaitDefaultServiceAccount(String ns) {
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    }
}
