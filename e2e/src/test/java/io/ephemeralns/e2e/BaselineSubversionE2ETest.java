package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, subverting the baseline, on the real API server with a CI pipeline's ordinary identity
 * ({@link PipelineIdentity}): objects created under the baseline's names before the namespace becomes a CI namespace
 * end up exactly as the profile says, and creating such an object in a CI namespace is refused.
 */
class BaselineSubversionE2ETest extends E2eTest {

    private static final Map<String, String> BASELINE_LABELS = Map.of("ephemeral-ns.io/baseline", "true",
            "app.kubernetes.io/managed-by", "ephemeral-ns");


    /** Creates a namespace as the pipeline, fills it with look-alikes of the baseline, then makes it a CI namespace. */
    private static String subvertedNamespace(String branch) {
        String ns = Names.ciNamespace(branch);
        env.pipeline.run("create", "namespace", ns).ok();
        env.pipeline.withManifest("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: ephemeral-ns-default-deny
                  labels: {team: pipeline}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress: [{}]
                  egress: [{}]
                ---
                apiVersion: v1
                kind: ResourceQuota
                metadata:
                  name: ephemeral-ns-quota
                  annotations: {note: limits nothing}
                spec:
                  hard: {pods: "20"}
                  scopeSelector:
                    matchExpressions:
                      - {scopeName: PriorityClass, operator: In, values: [no-such-class]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: ephemeral-ns-janitor-access
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
                subjects:
                  - {kind: ServiceAccount, name: default, namespace: %s}
                """.formatted(ns), "create", "-n", ns).ok();
        env.pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h").ok();
        SeedPipeline.awaitBaseline(env.pipeline, ns);
        return ns;
    }

    @Test
    void objectsPrecreatedUnderTheBaselineNamesEqualTheProfileExactlyOnceApplied() {
        String ns = subvertedNamespace("subverted");

        NetworkPolicy policy = admin.network().v1().networkPolicies().inNamespace(ns).withName("ephemeral-ns-default-deny").get();
        assertThat(policy.getSpec().getIngress()).isEmpty();
        assertThat(policy.getSpec().getEgress()).isEmpty();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(policy.getMetadata().getLabels()).isEqualTo(BASELINE_LABELS);

        ResourceQuota quota = admin.resourceQuotas().inNamespace(ns).withName("ephemeral-ns-quota").get();
        assertThat(quota.getSpec().getScopeSelector()).isNull();
        assertThat(quota.getSpec().getScopes()).isNullOrEmpty();
        assertThat(quota.getSpec().getHard()).isEqualTo(Map.of("requests.cpu", new Quantity("4"), "requests.memory",
                new Quantity("8Gi"), "limits.cpu", new Quantity("8"), "limits.memory", new Quantity("16Gi"), "pods", new Quantity("20")));
        assertThat(quota.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(quota.getMetadata().getLabels()).isEqualTo(BASELINE_LABELS);

        RoleBinding binding = admin.rbac().roleBindings().inNamespace(ns).withName("ephemeral-ns-janitor-access").get();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("ephemeral-ns-janitor-in-ci-namespaces");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("ephemeral-ns-janitor");
            assertThat(subject.getNamespace()).isEqualTo(ServiceAccountIdentity.NAMESPACE);
        });
        assertThat(binding.getMetadata().getLabels()).isEqualTo(BASELINE_LABELS);
    }

    @Test
    void theJanitorsBindingCarriesItsFinalizerAsConfigured() {
        String ns = SeedPipeline.namespace(pipeline, "janitor-access", Names.sha(), "1h");

        RoleBinding binding = admin.rbac().roleBindings().inNamespace(ns).withName("ephemeral-ns-janitor-access").get();

        assertThat(binding.getMetadata().getFinalizers()).isEqualTo("finalizer".equals(E2eEnvironment.JANITOR_ACCESS)
                ? List.of("ephemeral-ns.io/janitor-access") : List.of());
    }

    @Test
    void refusesCreatingAnObjectUnderABaselineNameInACiNamespace() {
        String ns = subvertedNamespace("reserved");

        Shell.Result reserved = env.pipeline.withManifest("""
                apiVersion: v1
                kind: LimitRange
                metadata:
                  name: ephemeral-ns-default-deny
                spec:
                  limits: [{type: Container, max: {cpu: "64"}}]
                """, "create", "-n", ns);
        // the seed's own quota and policies, under names of its own
        Shell.Result ownName = env.pipeline.withManifest(SeedPipeline.objects(env.repo), "create", "-n", ns);

        assertThat(reserved.exit()).isNotZero();
        assertThat(reserved.stderr()).contains("denied the request", "reserved by ephemeral-ns", "pick another name");
        assertThat(admin.limitRanges().inNamespace(ns).withName("ephemeral-ns-default-deny").get()).isNull();
        ownName.ok();
    }

    @Test
    void refusesChangingOrDeletingTheJanitorsBindingAsThePipeline() {
        String ns = subvertedNamespace("binding-guard");

        // adding a subject: refused by RBAC's escalation check already (the pipeline lacks the role's rights), else
        // by the guard; deleting it: only the guard stands in the way
        Shell.Result patch = env.pipeline.run("patch", "rolebinding", "ephemeral-ns-janitor-access", "-n", ns, "--type=json",
                "-p", "[{\"op\":\"add\",\"path\":\"/subjects/-\",\"value\":{\"kind\":\"ServiceAccount\",\"name\":\"default\","
                        + "\"namespace\":\"" + ns + "\"}}]");
        Shell.Result delete = env.pipeline.run("delete", "rolebinding", "ephemeral-ns-janitor-access", "-n", ns, "--wait=false");

        assertThat(patch.exit()).isNotZero();
        assertThat(delete.exit()).isNotZero();
        assertThat(delete.stderr()).contains("denied the request", "isolation baseline", "cannot be deleted");
        RoleBinding binding = admin.rbac().roleBindings().inNamespace(ns).withName("ephemeral-ns-janitor-access").get();
        assertThat(binding.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(binding.getSubjects()).hasSize(1);
    }
}
