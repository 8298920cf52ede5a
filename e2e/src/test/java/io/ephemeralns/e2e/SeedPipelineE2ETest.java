package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's pipeline commands, unchanged, against the real API server with our webhooks registered:
 * {@code kubectl create namespace}, {@code kubectl label ... ttl=24h}, {@code kubectl wait} for the baseline,
 * the seed's own quota and policies next to ours, and {@code keep=true} on failure.
 */
@ExtendWith(E2eEnvironment.Extension.class)
class SeedPipelineE2ETest {

    private static final String SEED_OBJECTS = """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: compute-quota
            spec:
              hard:
                requests.cpu: "2"
                requests.memory: 4Gi
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-all
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-same-namespace
            spec:
              podSelector: {}
              ingress:
                - from:
                    - podSelector: {}
            """;

    private static Kubectl kubectl;
    private static KubernetesClient admin;

    @BeforeAll
    static void environment(E2eEnvironment env) {
        kubectl = new Kubectl(env.controlPlane.kubeconfig());
        admin = env.admin();
    }

    @Test
    void theSeedsPipelineCommandsRunUnchangedAndGetAnIsolatedNamespace() {
        String branch = "feature-login";
        String sha = Names.sha();
        String ns = "test-" + branch + "-" + sha.substring(0, 7);

        kubectl.run("create", "namespace", ns).ok();
        kubectl.run("label", "namespace", ns, "created-by=ci-cd", "branch=" + branch, "commit=" + sha, "ttl=24h").ok();
        kubectl.run("wait", "--for=jsonpath={.metadata.annotations.ephemeral-ns\\.io/baseline}=applied", "ns/" + ns,
                "--timeout=60s").ok();

        Namespace namespace = admin.namespaces().withName(ns).get();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("ephemeral-ns.io/managed", "true")
                .containsEntry("created-by", "ci-cd").containsEntry("ttl", "24h");
        Instant created = Instant.parse(namespace.getMetadata().getCreationTimestamp());
        Instant expiresAt = Timestamps.parse(namespace.getMetadata().getAnnotations().get("ephemeral-ns.io/expires-at"))
                .orElseThrow();
        assertThat(Duration.between(created, expiresAt)).isEqualTo(Duration.ofHours(24));
        assertThat(namespace.getMetadata().getAnnotations()).containsEntry("ephemeral-ns.io/ttl-source", "label");

        assertThat(admin.resourceQuotas().inNamespace(ns).withName("ephemeral-ns-quota").get()).isNotNull();
        assertThat(admin.limitRanges().inNamespace(ns).withName("ephemeral-ns-limits").get()).isNotNull();
        assertThat(admin.network().networkPolicies().inNamespace(ns).list().getItems())
                .extracting(policy -> policy.getMetadata().getName())
                .contains("ephemeral-ns-default-deny", "ephemeral-ns-allow-same-namespace", "ephemeral-ns-allow-egress");

        kubectl.withManifest(SEED_OBJECTS, "apply", "-n", ns).ok();
        assertThat(admin.resourceQuotas().inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(admin.network().networkPolicies().inNamespace(ns).list().getItems()).hasSize(5);

        kubectl.run("label", "namespace", ns, "keep=true").ok();
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/kept-at");

        kubectl.run("delete", "namespace", ns, "--wait=false").ok();
    }
}
