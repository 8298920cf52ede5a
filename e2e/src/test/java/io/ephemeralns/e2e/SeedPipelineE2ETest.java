package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The seed's pipeline commands, unchanged, against the real API server with our webhooks registered:
 * {@code kubectl create namespace}, {@code kubectl label ... ttl=24h}, {@code kubectl wait} for the baseline,
 * the seed's own quota and policies next to ours, and {@code keep=true} on failure.
 */
class SeedPipelineE2ETest extends E2eTest {


    @Test
    void theSeedsPipelineCommandsRunUnchangedAndGetAnIsolatedNamespace() {
        String ns = SeedPipeline.namespace(kubectl, "feature-login", Names.sha(), "24h");

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

        kubectl.withManifest(SeedPipeline.objects(env.repo), "apply", "-n", ns).ok();
        // the seed's quota and three policies next to the baseline's quota and three policies
        assertThat(admin.resourceQuotas().inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(admin.network().networkPolicies().inNamespace(ns).list().getItems()).hasSize(6);

        kubectl.run("label", "namespace", ns, "keep=true").ok();
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/kept-at");

        kubectl.run("delete", "namespace", ns, "--wait=false").ok();
    }
}
