package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Capture before deletion (janitor.capture.*): a janitor process under the chart's RBAC, reading inside each CI namespace
 * through the baseline RoleBinding {@code ephemeral-ns-janitor-access} only, deletes expired namespaces at expiry
 * (its event path) and captures first those labelled {@code capture=true} (set by the pipeline's own identity) or
 * kept: the namespace's Events and objects as YAML, Secrets without their data, named by the {@code Deleted} Event.
 * A malformed label is not captured and the Event says so; an archive directory that cannot be written fails the
 * capture with a {@code CaptureFailed} Event and the namespace is deleted anyway. The namespaces carry a selector and a
 * TTL label of these janitors' own, so the shared janitor leaves them alone. Logs of running pods are shown on the
 * real node ({@code CaptureNodeTest}): no pod runs on this control plane.
 */
class CaptureE2ETest extends E2eTest {

    private static final String SELECTOR = "e2e-capture";
    private static final String TTL_LABEL = "e2e-capture-ttl";
    private static final String SECRET_VALUE = "s3cr3t-never-archived";

    private Path archives;
    private final List<String> namespaces = new java.util.ArrayList<>();

    @BeforeEach
    void anArchiveDirectory() throws IOException {
        archives = Files.createTempDirectory("ephemeral-ns-capture-e2e");
    }

    @AfterEach
    void removeWhatTheTestMade() throws IOException {
        for (String name : namespaces) {
            JanitorAccessBinding.release(admin, name);
            admin.namespaces().withName(name).delete();
        }
        try (Stream<Path> walk = Files.walk(archives)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The value of {@code ephemeral_ns_captures_total} for that outcome in a Prometheus scrape; 0 when absent. */
    private static double captures(String metrics, String outcome) {
        String series = "ephemeral_ns_captures_total{outcome=\"" + outcome + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim())).findFirst().orElse(0);
    }

    private ProgramProcess janitor(Path directory) {
        return env.startJanitor(Map.of("janitor.interval", "1h", "janitor.leader-election.enabled", "false",
                "ephemeral-ns.selector", SELECTOR + "=true", "ephemeral-ns.ttl-label", TTL_LABEL,
                "ephemeral-ns.keep-for", "20s", "janitor.capture.enabled", "true",
                "janitor.capture.directory", directory.toString(), "janitor.capture.timeout", "20s"));
    }

    /** A CI namespace of this test's janitor, with the janitor's access, due 20 s after its creation. */
    private String namespace(String branch, Map<String, String> labels) {
        String name = Names.ciNamespace(branch);
        Map<String, String> all = new HashMap<>(Map.of(SELECTOR, "true", TTL_LABEL, "20s", "ttl", "1h",
                "ephemeral-ns.io/managed", "true"));
        all.putAll(labels);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata()
                .build()).create();
        namespaces.add(name);
        JanitorAccessBinding.grant(admin, name);
        return name;
    }

    private static void aFailedRunIn(String name) {
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("app-settings")
                .endMetadata().addToData("mode", "integration").build()).create();
        admin.secrets().inNamespace(name).resource(new SecretBuilder().withNewMetadata().withName("db-credentials")
                .endMetadata().addToStringData("password", SECRET_VALUE).build()).create();
        admin.apps().deployments().inNamespace(name).resource(new DeploymentBuilder().withNewMetadata().withName("api")
                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "api").endMetadata().withNewSpec()
                .addNewContainer().withName("api").withImage("registry.invalid/api:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        admin.services().inNamespace(name).resource(new ServiceBuilder().withNewMetadata().withName("api").endMetadata()
                .withNewSpec().addToSelector("app", "api").addNewPort().withPort(80).endPort().endSpec().build()).create();
        admin.v1().events().inNamespace(name).resource(new EventBuilder().withNewMetadata().withName("api.failed")
                .endMetadata().withNewInvolvedObject().withKind("Deployment").withName("api").withNamespace(name)
                .endInvolvedObject().withReason("IntegrationTestFailed").withMessage("checkout flow returned 500")
                .withType("Warning").build()).create();
    }

    @Test
    void capturesAskedAndKeptNamespacesBeforeDeletingThemAndTheDeletedEventNamesTheArchive() throws Exception {
        try (ProgramProcess janitor = janitor(archives)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> janitor.log().contains("sweep: "));
            String asked = namespace("capture-asked", Map.of());
            assertThat(pipeline.run("label", "namespace", asked, "capture=true").exit())
                    .as("a pipeline may ask for a capture: the label is its own, not a product key").isZero();
            aFailedRunIn(asked);
            String kept = namespace("capture-kept", Map.of("keep", "true"));
            aFailedRunIn(kept);
            String malformed = namespace("capture-typo", Map.of("capture", "yes"));

            for (String name : List.of(asked, kept, malformed)) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> terminatingOrGone(name));
            }

            for (String name : List.of(asked, kept)) {
                String deleted = event(name, "Deleted").getMessage();
                assertThat(deleted).contains("; captured to archive " + name + "-");
                String archiveName = deleted.substring(deleted.indexOf("archive ") + "archive ".length()).split(" ")[0];
                Path archive = archives.resolve(archiveName);
                assertThat(deleted).contains("(" + archive + ")");
                assertThat(archive.resolve("events.yaml")).content().contains("IntegrationTestFailed",
                        "checkout flow returned 500");
                assertThat(archive.resolve("objects/configmaps.yaml")).content().contains("app-settings", "integration");
                assertThat(archive.resolve("objects/deployments.yaml")).content().contains("registry.invalid/api:1");
                assertThat(archive.resolve("objects/services.yaml")).content().contains("api");
                assertThat(archive.resolve("objects/secrets.yaml")).content().contains("db-credentials")
                        .doesNotContain(SECRET_VALUE).doesNotContain(java.util.Base64.getEncoder()
                                .encodeToString(SECRET_VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(archive.resolve("CAPTURE.txt")).content().contains("namespace: " + name);
            }
            assertThat(archives.resolve(archiveOf(kept)).resolve("CAPTURE.txt")).content().contains("why: kept (keep=true)");
            assertThat(event(malformed, "Deleted").getMessage()).contains("not captured: label capture=\"yes\"");
            try (Stream<Path> list = Files.list(archives)) {
                assertThat(list.map(path -> path.getFileName().toString())).noneMatch(file -> file.startsWith(malformed));
            }
            // at least: this janitor also captures the kept namespaces other classes left once past its keep-for (20s)
            String metrics = janitor.get("/q/metrics");
            assertThat(captures(metrics, "captured")).isGreaterThanOrEqualTo(2);
            assertThat(captures(metrics, "malformed_label")).isEqualTo(1);
            assertThat(metrics).contains("ephemeral_ns_capture_bytes_total");
        }
    }

    @Test
    void anArchiveDirectoryThatCannotBeWrittenFailsTheCaptureAndTheNamespaceIsDeletedAnyway() throws Exception {
        Path notADirectory = Files.writeString(archives.resolve("a-file"), "the volume is not what it should be");
        try (ProgramProcess janitor = janitor(notADirectory.resolve("captures"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> janitor.log().contains("sweep: "));
            String name = namespace("capture-unwritable", Map.of("capture", "true"));
            aFailedRunIn(name);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> terminatingOrGone(name));
            assertThat(event(name, "Deleted").getMessage()).contains("; capture failed (", "deleted anyway");
            Event failed = event(name, "CaptureFailed");
            assertThat(failed.getType()).isEqualTo("Warning");
            assertThat(failed.getMessage()).contains("capture before deletion failed", "the namespace is deleted anyway");
            assertThat(captures(janitor.get("/q/metrics"), "failed")).isGreaterThanOrEqualTo(1);
        }
    }

    private String archiveOf(String name) {
        String deleted = event(name, "Deleted").getMessage();
        return deleted.substring(deleted.indexOf("archive ") + "archive ".length()).split(" ")[0];
    }

    private static Event event(String name, String reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events(name, reason).size() == 1);
        return events(name, reason).get(0);
    }
}
