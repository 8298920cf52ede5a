package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline's ordinary identity cannot make the product act on a namespace that is not a CI namespace: labelling an
 * existing namespace CI after the label window is refused (its expiry would count from its creation, so the janitor
 * would delete it at once), a terminating namespace never becomes a managed one, and product keys added to a
 * namespace that is not CI do not stick. The seed's flow, labelling right after creation, still works.
 * The e2e webhook runs with {@code ephemeral-ns.label-window=20s} ({@link E2eEnvironment#SHARED_SETTINGS}).
 */
class ConfusedDeputyE2ETest extends E2eTest {

    private static final String HOLD = "e2e.ephemeral-ns.io/hold";

    /** A namespace that is not CI, older than the label window (created once for the class). */
    private static String old;
    /** A terminating namespace that is not CI, older than the label window. */
    private static String oldTerminating;

    @BeforeAll
    static void aNamespaceOlderThanTheLabelWindow() {
        old = "team-" + Names.sha().substring(0, 7);
        pipeline.run("create", "namespace", old).ok();
        oldTerminating = terminatingNamespace();
        Instant created = Instant.parse(admin.namespaces().withName(old).get().getMetadata().getCreationTimestamp());
        await().atMost(E2eEnvironment.LABEL_WINDOW.plusSeconds(30))
                .until(() -> Instant.now().isAfter(created.plus(E2eEnvironment.LABEL_WINDOW).plusSeconds(1)));
    }

    @AfterAll
    static void releaseTheTerminatingNamespace() {
        release(oldTerminating);
        pipeline.run("delete", "namespace", old, "--wait=false");
    }

    @Test
    void labellingANamespaceOlderThanTheWindowAsCiIsRefusedSayingWhyAndWhatToDo() {
        Shell.Result result = pipeline.run("label", "namespace", old, "created-by=ci-cd", "ttl=1h");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("denied the request", "namespace " + old + " was created at",
                "within 20s", "ephemeral-ns.label-window", "Create a new namespace with the labels");
        assertThat(admin.namespaces().withName(old).get().getMetadata().getLabels())
                .doesNotContainKeys("created-by", "ttl", "ephemeral-ns.io/managed");
    }

    @Test
    void labellingANamespaceRightAfterItsCreationMakesItACiNamespace() {
        String ns = Names.ciNamespace("in-window");
        pipeline.run("create", "namespace", ns).ok();

        pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h").ok();

        Namespace namespace = admin.namespaces().withName(ns).get();
        Instant created = Instant.parse(namespace.getMetadata().getCreationTimestamp());
        assertThat(namespace.getMetadata().getLabels()).containsEntry("ephemeral-ns.io/managed", "true");
        Instant admitted = Timestamps.parse(namespace.getMetadata().getAnnotations().get("ephemeral-ns.io/admitted-at")).orElseThrow();
        assertThat(admitted).isBetween(created, created.plus(E2eEnvironment.LABEL_WINDOW));
        assertThat(namespace.getMetadata().getAnnotations())
                .containsEntry("ephemeral-ns.io/expires-at", Timestamps.format(created.plus(Duration.ofHours(1))));
        pipeline.run("delete", "namespace", ns, "--wait=false").ok();
    }

    @Test
    void addingTheManagedLabelToANamespaceThatIsNotCiDoesNotStick() {
        Shell.Result result = pipeline.run("label", "namespace", old, "ephemeral-ns.io/managed=true");

        assertThat(ProductKeysOf.refusedOrReverted(result, "ephemeral-ns.io/managed")).isTrue();
        assertThat(admin.namespaces().withName(old).get().getMetadata().getLabels()).doesNotContainKey("ephemeral-ns.io/managed");
    }

    @Test
    void addingExpiresAtOrAdmittedAtToANamespaceThatIsNotCiDoesNotStick() {
        Shell.Result expires = pipeline.run("annotate", "namespace", old, "ephemeral-ns.io/expires-at=2020-01-01T00:00:00Z");
        Shell.Result admitted = pipeline.run("annotate", "namespace", old, "ephemeral-ns.io/admitted-at=2020-01-01T00:00:00Z");

        assertThat(ProductKeysOf.refusedOrReverted(expires, "ephemeral-ns.io/expires-at")).isTrue();
        assertThat(ProductKeysOf.refusedOrReverted(admitted, "ephemeral-ns.io/admitted-at")).isTrue();
        Map<String, String> annotations = admin.namespaces().withName(old).get().getMetadata().getAnnotations();
        assertThat(annotations == null ? Map.of() : annotations)
                .doesNotContainKeys("ephemeral-ns.io/expires-at", "ephemeral-ns.io/admitted-at");
    }

    @Test
    void labellingATerminatingNamespaceCiWithinItsWindowIsRefusedAndGivesItNoProductKeys() {
        String ns = terminatingNamespace();
        try {
            Shell.Result result = pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h");
            labelCiAndAddProductKeys(ns);

            assertRefusedAsTerminating(result);
            assertThat(ProductKeysOf.namespace(admin, ns)).isEmpty();
        } finally {
            release(ns);
        }
    }

    @Test
    void labellingAnOldTerminatingNamespaceCiGivesItNoProductKeys() {
        Shell.Result result = pipeline.run("label", "namespace", oldTerminating, "created-by=ci-cd", "ttl=1h");
        labelCiAndAddProductKeys(oldTerminating);

        assertRefusedAsTerminating(result);
        assertThat(ProductKeysOf.namespace(admin, oldTerminating)).isEmpty();
    }

    /**
     * Refused by either layer, each with a message that says why: the chart's admission policy (which the API
     * server evaluates before the validating webhooks) or, where policies are off, the validating webhook.
     */
    private static void assertRefusedAsTerminating(Shell.Result result) {
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.stderr()).satisfiesAnyOf(
                stderr -> assertThat(stderr).contains("ValidatingAdmissionPolicy 'ephemeral-ns-namespace-product-keys'",
                        "is terminating", "can no longer change"),
                stderr -> assertThat(stderr).contains("denied the request", "is being deleted", "cannot become a CI namespace"));
    }

    /** A new namespace (not CI) kept in Terminating by a ConfigMap with a finalizer of its own, until {@link #release}. */
    private static String terminatingNamespace() {
        String ns = "team-" + Names.sha().substring(0, 7);
        pipeline.run("create", "namespace", ns).ok();
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .addToFinalizers(HOLD).endMetadata().build()).create();
        pipeline.run("delete", "namespace", ns, "--wait=false").ok();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp() != null);
        return ns;
    }

    private static void release(String ns) {
        admin.configMaps().inNamespace(ns).withName("held").edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                .removeFromFinalizers(HOLD).endMetadata().build());
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.namespaces().withName(ns).get() == null);
    }

    /** What a pipeline might try on a terminating namespace: the CI labels, then the product's label and annotation. */
    private static void labelCiAndAddProductKeys(String ns) {
        pipeline.run("label", "namespace", ns, "--overwrite", "created-by=ci-cd", "ttl=1h");
        pipeline.run("label", "namespace", ns, "--overwrite", "created-by=ci-cd", "ttl=1h", "ephemeral-ns.io/managed=true");
        pipeline.run("annotate", "namespace", ns, "--overwrite", "ephemeral-ns.io/admitted-at=2020-01-01T00:00:00Z");
    }
}
