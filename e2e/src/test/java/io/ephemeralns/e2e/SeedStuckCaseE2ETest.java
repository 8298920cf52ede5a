package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's stuck case on the real control plane: a custom resource whose finalizer no controller removes keeps a
 * deleted CI namespace in Terminating. The janitor, with the chart's default RBAC (nothing cluster-wide to list or
 * patch objects; only the in-namespace RoleBinding of the baseline), finds the kind through discovery, removes the
 * finalizer, releases its own access last, and the namespace disappears.
 */
class SeedStuckCaseE2ETest extends E2eTest {

    private static final String GROUP = "e2e.example.com";
    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder().withGroup(GROUP)
            .withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true).build();


    @BeforeAll
    static void widgetsCrd() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName("widgets." + GROUP).endMetadata()
                .withNewSpec().withGroup(GROUP).withScope("Namespaced")
                .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build();
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CustomResourceDefinition current = admin.apiextensions().v1().customResourceDefinitions()
                    .withName("widgets." + GROUP).get();
            return current.getStatus() != null && current.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
        });
    }

    @AfterAll
    static void removeCrd() {
        admin.apiextensions().v1().customResourceDefinitions().withName("widgets." + GROUP).delete();
    }

    @Test
    void theJanitorRemovesTheFinalizerOfACustomResourceNoControllerServesAndTheNamespaceDisappears() {
        String ns = SeedPipeline.namespace(pipeline, "seed-stuck", Names.sha(), "1h");
        GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1")
                .withKind("Widget").withNewMetadata().withName("w1").withNamespace(ns)
                .addToFinalizers("e2e.example.com/never").endMetadata()
                .addToAdditionalProperties("spec", Map.of("size", 1)).build();
        admin.genericKubernetesResources(WIDGETS).inNamespace(ns).resource(widget).create();
        env.pipeline.run("delete", "namespace", ns, "--wait=false").ok();

        try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.stuck-after", "3s",
                "janitor.leader-election.enabled", "false"))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.namespaces().withName(ns).get() == null);

            janitor.awaitLogged("1 object waits on finalizer e2e.example.com/never: widgets.e2e.example.com/w1",
                    "removed widgets.e2e.example.com/w1 in namespace " + ns + ": finalizers [e2e.example.com/never]");
            // its own access goes last, released by whichever janitor sweeps first once nothing else remains
            await().atMost(Duration.ofSeconds(10)).until(() -> (janitor.log() + env.janitor.log())
                    .contains("namespace " + ns + ": nothing else remains; released the janitor's access"));
            // this janitor records the Event after its removals and their log lines; the shared janitor may release
            // its access, and the namespace go, in between: the Event is awaited while this janitor still runs
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(admin.v1().events().inNamespace("default").list().getItems())
                            .filteredOn(event -> ns.equals(event.getInvolvedObject().getName()))
                            .filteredOn(event -> "FinalizersRemoved".equals(event.getReason()))
                            .singleElement()
                            .satisfies(event -> assertThat(event.getMessage()).contains("widgets.e2e.example.com/w1")));
        }
    }

    @Test
    void anOrdinaryDeletionWaitsAtMostASweepForTheJanitorToReleaseItsAccess() {
        String ns = SeedPipeline.namespace(pipeline, "released", Names.sha(), "1h");

        env.pipeline.run("delete", "namespace", ns, "--wait=false").ok();

        // the shared janitor (interval 2s, stuck-after 15m): nothing is stuck, only its own finalizer is left
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.namespaces().withName(ns).get() == null);
        env.janitor.awaitLogged("namespace " + ns + ": nothing else remains; released the janitor's access");
    }
}
