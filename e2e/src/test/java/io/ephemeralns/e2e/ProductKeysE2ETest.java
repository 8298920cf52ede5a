package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code ephemeral-ns.io/} label and annotation of a namespace is the product's: a pipeline's ordinary identity
 * can neither set, change nor remove one (the webhook reverts it in the same request, or refuses it), and
 * {@code kept-at} is stamped once.
 */
class ProductKeysE2ETest extends E2eTest {

    @ParameterizedTest(name = "kubectl {0} {1} leaves the product keys as they were")
    @CsvSource({
        "annotate, ephemeral-ns.io/kept-at=2099-01-01T00:00:00Z,       ephemeral-ns.io/kept-at",
        "annotate, ephemeral-ns.io/kept-at-,                           ephemeral-ns.io/kept-at",
        "annotate, ephemeral-ns.io/expires-at=2099-01-01T00:00:00Z,    ephemeral-ns.io/expires-at",
        "annotate, ephemeral-ns.io/expires-at-,                        ephemeral-ns.io/expires-at",
        "annotate, ephemeral-ns.io/admitted-at=2020-01-01T00:00:00Z,   ephemeral-ns.io/admitted-at",
        "annotate, ephemeral-ns.io/baseline-,                          ephemeral-ns.io/baseline",
        "annotate, ephemeral-ns.io/stuck-reason=nothing to see,        ephemeral-ns.io/stuck-reason",
        "annotate, ephemeral-ns.io/anything=x,                         ephemeral-ns.io/anything",
        "label,    ephemeral-ns.io/managed-,                           ephemeral-ns.io/managed",
        "label,    ephemeral-ns.io/profile=held-back,                  ephemeral-ns.io/profile",
    })
    void aPipelineCannotSetChangeOrRemoveAProductKeyOfItsNamespace(String verb, String change, String key) {
        String ns = keptCiNamespace("keys");
        Map<String, String> before = ProductKeysOf.namespace(admin, ns);

        Shell.Result result = pipeline.run(verb, "namespace", ns, "--overwrite", change);

        assertThat(ProductKeysOf.refusedOrReverted(result, key)).as(result.output()).isTrue();
        assertThat(ProductKeysOf.namespace(admin, ns)).isEqualTo(before);
        pipeline.run("delete", "namespace", ns, "--wait=false").ok();
    }

    @Test
    void togglingKeepDoesNotRefreshKeptAt() {
        String ns = keptCiNamespace("toggle");
        String keptAt = annotations(ns).get("ephemeral-ns.io/kept-at");
        Instant stamped = Timestamps.parse(keptAt).orElseThrow();
        // stamps have whole seconds: let a second pass, so that a refresh would show
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(stamped.plusSeconds(1)));

        pipeline.run("label", "namespace", ns, "keep-").ok();
        pipeline.run("label", "namespace", ns, "keep=true").ok();

        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels()).containsEntry("keep", "true");
        assertThat(annotations(ns)).containsEntry("ephemeral-ns.io/kept-at", keptAt);
        pipeline.run("delete", "namespace", ns, "--wait=false").ok();
    }

    @Test
    void creatingACiNamespaceWithProductAnnotationsGetsTheProductsValues() {
        String ns = Names.ciNamespace("forged");
        Shell.Result result = createAsPipeline(ns, Map.of("created-by", "ci-cd", "ttl", "1h"), Map.of(
                "ephemeral-ns.io/expires-at", "2099-01-01T00:00:00Z",
                "ephemeral-ns.io/admitted-at", "2020-01-01T00:00:00Z",
                "ephemeral-ns.io/kept-at", "2099-01-01T00:00:00Z",
                "ephemeral-ns.io/ttl-source", "default"));

        result.ok();
        assertThat(result.stderr()).contains("ephemeral-ns reverted");
        Namespace namespace = admin.namespaces().withName(ns).get();
        Instant created = Instant.parse(namespace.getMetadata().getCreationTimestamp());
        Map<String, String> annotations = namespace.getMetadata().getAnnotations();
        // stamped by the mutating webhook at CREATE, before the API server sets creationTimestamp: now + ttl
        assertThat(Timestamps.parse(annotations.get("ephemeral-ns.io/expires-at")).orElseThrow())
                .isBetween(created.plus(Duration.ofHours(1)).minusSeconds(60), created.plus(Duration.ofHours(1)).plusSeconds(60));
        assertThat(annotations).containsEntry("ephemeral-ns.io/ttl-source", "label").doesNotContainKey("ephemeral-ns.io/kept-at");
        assertThat(Timestamps.parse(annotations.get("ephemeral-ns.io/admitted-at")).orElseThrow())
                .isBetween(created.minusSeconds(60), created.plusSeconds(60));
        pipeline.run("delete", "namespace", ns, "--wait=false").ok();
    }

    @Test
    void creatingANamespaceThatIsNotCiWithProductKeysDropsThem() {
        String ns = "team-" + Names.sha().substring(0, 7);
        Shell.Result result = createAsPipeline(ns, Map.of("ephemeral-ns.io/managed", "true"), Map.of(
                "ephemeral-ns.io/baseline", "applied",
                "ephemeral-ns.io/expires-at", "2020-01-01T00:00:00Z"));

        assertThat(ProductKeysOf.refusedOrReverted(result, "ephemeral-ns.io/")).as(result.output()).isTrue();
        assertThat(admin.namespaces().withName(ns).get() == null || ProductKeysOf.namespace(admin, ns).isEmpty()).isTrue();
        pipeline.run("delete", "namespace", ns, "--wait=false", "--ignore-not-found");
    }

    /** The seed's flow as the pipeline, kept for debugging: baseline applied, kept-at stamped. */
    private static String keptCiNamespace(String branch) {
        String ns = SeedPipeline.namespace(pipeline, branch, Names.sha(), "1h");
        pipeline.run("label", "namespace", ns, "keep=true").ok();
        assertThat(annotations(ns)).containsKeys("ephemeral-ns.io/kept-at", "ephemeral-ns.io/admitted-at",
                "ephemeral-ns.io/expires-at");
        return ns;
    }

    /** {@code kubectl create} of a namespace with these labels and annotations, as the pipeline. */
    private static Shell.Result createAsPipeline(String ns, Map<String, String> labels, Map<String, String> annotations) {
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(labels)
                .withAnnotations(annotations).endMetadata().build();
        return pipeline.withManifest(admin.getKubernetesSerialization().asYaml(namespace), "create");
    }
}
