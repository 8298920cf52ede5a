package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the fabric8 mock server in CRUD mode: it creates, updates and deletes with plain REST calls,
 * which the mock stores, so the tests read back exactly what a real API server would hold. (The mock runs no
 * admission and no RBAC; the end-to-end suite proves those against a real one.)
 */
@QuarkusTest
@TestProfile(BaselineReconcilerTest.Profiles.class)
@WithKubernetesTestServer
class BaselineReconcilerTest extends ReconcilerOnTheMock {

    /** Test profiles file: quota, default-deny and the janitor's binding as default, a one-object "small" profile. */
    public static class Profiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhook.profiles-file", "src/test/resources/" + file(),
                    "webhook.retry-initial", "1s", "webhook.retry-max", "1s",
                    "ephemeral-ns.own-namespace", "ephemeral-ns");
        }

        /** The profiles file under src/test/resources. */
        protected String file() {
            return "test-profiles.yaml";
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    private static Namespace ci(String name, Map<String, String> extra) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).addToLabels(extra).endMetadata().build();
    }

    private String baselineOf(String namespace) {
        Namespace found = client.namespaces().withName(namespace).get();
        return found == null || found.getMetadata().getAnnotations() == null ? null
                : found.getMetadata().getAnnotations().get(ProductKeys.BASELINE);
    }

    private void awaitApplied(String namespace) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(baselineOf(namespace)));
    }

    private NetworkPolicy defaultDeny(String namespace) {
        return client.network().v1().networkPolicies().inNamespace(namespace).withName("ephemeral-ns-default-deny").get();
    }

    private ResourceQuota quota(String namespace) {
        return client.resourceQuotas().inNamespace(namespace).withName("ephemeral-ns-quota").get();
    }

    private RoleBinding binding(String namespace) {
        return client.rbac().roleBindings().inNamespace(namespace).withName("ephemeral-ns-janitor-access").get();
    }

    private static final Map<String, String> OURS = Map.of(ProductKeys.BASELINE_OBJECT, "true", ProductKeys.MANAGED_BY, "ephemeral-ns");

    @Test
    void createsTheDefaultProfileAndMarksTheNamespace() {
        client.namespaces().resource(ci("ci-apply", Map.of())).create();

        awaitApplied("ci-apply");
        assertThat(quota("ci-apply").getSpec().getHard()).containsOnlyKeys("pods");
        assertThat(quota("ci-apply").getMetadata().getLabels()).isEqualTo(OURS);
        assertThat(defaultDeny("ci-apply").getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        RoleBinding binding = binding("ci-apply");
        assertThat(binding.getRoleRef().getName()).isEqualTo("ephemeral-ns-janitor-in-ci-namespaces");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName()).isEqualTo("ephemeral-ns-janitor");
            assertThat(subject.getNamespace()).isEqualTo("ephemeral-ns");
        });
        assertThat(binding.getMetadata().getFinalizers()).containsExactly("ephemeral-ns.io/janitor-access");
        assertThat(reconciles("applied")).isPositive();
    }

    @Test
    void choosesTheProfileNamedByTheNamespaceLabel() {
        client.namespaces().resource(ci("ci-small", Map.of(ProductKeys.PROFILE, "small"))).create();

        awaitApplied("ci-small");
        assertThat(client.limitRanges().inNamespace("ci-small").withName("ephemeral-ns-small-limits").get()).isNotNull();
        assertThat(quota("ci-small")).isNull();
    }

    @Test
    void replacesObjectsPrecreatedWithForeignFieldsBeforeTheNamespaceBecameCi() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ci-subverted").endMetadata().build()).create();
        client.network().v1().networkPolicies().inNamespace("ci-subverted").resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("ephemeral-ns-default-deny").addToLabels("team", "x").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress")
                .withIngress(new NetworkPolicyIngressRule()).withEgress(new NetworkPolicyEgressRule()).endSpec().build()).create();
        client.resourceQuotas().inNamespace("ci-subverted").resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("ephemeral-ns-quota").addToAnnotations("note", "mine").endMetadata()
                .withNewSpec().addToHard("pods", new Quantity("20")).withNewScopeSelector().addNewMatchExpression()
                .withScopeName("PriorityClass").withOperator("In").withValues("none").endMatchExpression().endScopeSelector()
                .endSpec().build()).create();
        client.rbac().roleBindings().inNamespace("ci-subverted").resource(new RoleBindingBuilder()
                .withNewMetadata().withName("ephemeral-ns-janitor-access").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
                .addNewSubject().withKind("ServiceAccount").withName("default").withNamespace("ci-subverted").endSubject()
                .build()).create();

        client.namespaces().withName("ci-subverted").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).endMetadata().build());

        awaitApplied("ci-subverted");
        NetworkPolicy policy = defaultDeny("ci-subverted");
        assertThat(policy.getSpec().getIngress()).isEmpty();
        assertThat(policy.getSpec().getEgress()).isEmpty();
        assertThat(policy.getMetadata().getLabels()).isEqualTo(OURS);
        ResourceQuota quota = quota("ci-subverted");
        assertThat(quota.getSpec().getScopeSelector()).isNull();
        assertThat(quota.getMetadata().getAnnotations()).isNullOrEmpty();
        RoleBinding binding = binding("ci-subverted");
        assertThat(binding.getRoleRef().getName()).isEqualTo("ephemeral-ns-janitor-in-ci-namespaces");
        assertThat(binding.getSubjects()).extracting(s -> s.getName()).containsExactly("ephemeral-ns-janitor");
    }

    @Test
    void repairsADeletedOrEditedBaselineObject() {
        client.namespaces().resource(ci("ci-repair", Map.of())).create();
        awaitApplied("ci-repair");

        client.resourceQuotas().inNamespace("ci-repair").withName("ephemeral-ns-quota").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> quota("ci-repair") != null);

        client.resourceQuotas().inNamespace("ci-repair").withName("ephemeral-ns-quota")
                .edit(q -> new ResourceQuotaBuilder(q).editSpec().addToHard("pods", new Quantity("999")).endSpec().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> "20".equals(quota("ci-repair").getSpec().getHard().get("pods").toString()));

        client.network().v1().networkPolicies().inNamespace("ci-repair").withName("ephemeral-ns-default-deny")
                .edit(p -> new NetworkPolicyBuilder(p).editSpec().withIngress(new NetworkPolicyIngressRule()).endSpec().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> defaultDeny("ci-repair").getSpec().getIngress().isEmpty());
    }

    @Test
    void aNamespaceThatEqualsItsProfileCostsNoRequest() {
        client.namespaces().resource(ci("ci-unchanged", Map.of())).create();
        awaitApplied("ci-unchanged");

        assertAReconcileCostsNoRequest("ci-unchanged", () -> server.getKubernetesMockServer().getRequestCount());
    }

    @Test
    void leavesNamespacesThatAreNotCiAlone() {
        // terminating namespaces cannot be made in the CRUD mock (it drops deletionTimestamp): see ActiveCiNamespaceTest in common
        double skippedBefore = reconciles("skipped");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-plain").endMetadata().build()).create();
        client.namespaces().withName("team-plain").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("branch", "main").endMetadata().build());
        // the queue has one worker and events arrive in order: once a later namespace is done, the earlier ones were seen
        client.namespaces().resource(ci("ci-barrier", Map.of())).create();
        awaitApplied("ci-barrier");

        assertThat(quota("team-plain")).isNull();
        assertThat(baselineOf("team-plain")).isNull();
        assertThat(reconciles("skipped")).isEqualTo(skippedBefore);
    }

    @Test
    void exportsEveryResultFromTheStart() {
        for (String result : List.of("applied", "unchanged", "unknown_profile", "skipped", "failed", "pull_secret_missing")) {
            assertThat(registry.get("ephemeral.ns.baseline.reconciles").tag("result", result).counter()).isNotNull();
        }
    }
}
