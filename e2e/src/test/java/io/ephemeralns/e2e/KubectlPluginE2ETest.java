package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubectl plugin ({@code tools/kubectl-ephemeral_ns}) found by kubectl on PATH and run as {@code kubectl
 * ephemeral-ns ...} with a pipeline's kubeconfig ({@link PipelineIdentity}) against the real API server, the webhook
 * registered: it holds no rights of its own and every change it makes passes the webhook.
 */
class KubectlPluginE2ETest extends E2eTest {

    private static String ns;

    @BeforeAll
    static void aPipelinesNamespace() {
        ns = Names.ciNamespace("plugin");
        pipeline.run("create", "namespace", ns).ok();
        pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h", "branch=plugin").ok();
    }

    /** {@code kubectl ephemeral-ns ARGS} with the pipeline's kubeconfig (also for {@link SleepE2ETest}). */
    static Shell.Result plugin(String... args) {
        return pluginWith(env.pipelineKubeconfig, args);
    }

    /** {@code kubectl ephemeral-ns ARGS} as a platform engineer: with the administrator's kubeconfig. */
    private static Shell.Result pluginAsAdmin(String... args) {
        return pluginWith(env.controlPlane.kubeconfig(), args);
    }

    private static Shell.Result pluginWith(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "ephemeral-ns"));
        command.addAll(List.of(args));
        return Shell.run(Duration.ofSeconds(60), Map.of(
                "PATH", env.repo.resolve("tools") + ":" + System.getenv("PATH"),
                "KUBECONFIG", kubeconfig.toString()), command);
    }

    @Test
    void keepLabelsTheNamespaceKeptAndSaysSince() {
        String kept = Names.ciNamespace("plugin-keep");
        pipeline.run("create", "namespace", kept).ok();
        pipeline.run("label", "namespace", kept, "created-by=ci-cd", "ttl=1h").ok();

        Shell.Result result = plugin("keep", kept);

        result.ok();
        assertThat(admin.namespaces().withName(kept).get().getMetadata().getLabels()).containsEntry("keep", "true");
        assertThat(result.stdout()).contains(kept + " kept since " + annotations(kept).get("ephemeral-ns.io/kept-at"));
        assertThat(plugin("list").stdout()).containsPattern(kept + " +kept ");
    }

    @Test
    void extendAsksTheWebhookAndShowsTheNewExpiryAndWhoExtended() {
        Shell.Result result = plugin("extend", ns, "3h");

        result.ok();
        Map<String, String> annotations = annotations(ns);
        assertThat(annotations).containsEntry("ephemeral-ns.io/extended-by", PipelineIdentity.username());
        assertThat(result.stdout()).contains(ns + " expires at " + annotations.get("ephemeral-ns.io/expires-at")
                + " (extended by " + PipelineIdentity.username() + " at " + annotations.get("ephemeral-ns.io/extended-at") + " for 3h)");
        assertThat(plugin("list").stdout()).containsPattern(ns + " +active +" + annotations.get("ephemeral-ns.io/expires-at")
                + " +plugin +- +" + PipelineIdentity.username());
        assertThat(plugin("why", ns).stdout())
                .contains("namespace " + ns + " (CI namespace, admitted ")
                .contains("ttl:         1h (ttl-source label)")
                .contains("basis:       extended by " + PipelineIdentity.username())
                .contains("bound:       never beyond creation + max-lifetime");
    }

    @Test
    void extendPassesOnTheWebhooksRefusalOfAMalformedDuration() {
        Shell.Result result = plugin("extend", ns, "3 hours");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("denied the request").contains("is not a duration");
    }

    @Test
    void refusesANamespaceThatIsNotCiWithExitCode3() {
        String plain = Names.ciNamespace("plugin-plain");
        pipeline.run("create", "namespace", plain).ok();

        for (String[] args : new String[][] {{"why", plain}, {"keep", plain}, {"extend", plain, "1h"}, {"wake", plain}}) {
            Shell.Result result = plugin(args);
            assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(result.stderr()).contains("namespace " + plain + " is not a CI namespace managed by ephemeral-ns");
        }
        assertThat(admin.namespaces().withName(plain).get().getMetadata().getLabels()).doesNotContainKey("keep");
        assertThat(plugin("why", "test-absent-0000000").exit()).isEqualTo(3);
    }

    @Test
    void wakeRefusesANamespaceThatDoesNotSleepWithExitCode5AndUsageErrorsExitWith2() {
        Shell.Result wake = plugin("wake", ns);
        Shell.Result unknown = plugin("frobnicate");

        assertThat(wake.exit()).isEqualTo(5);
        assertThat(wake.stderr()).contains("namespace " + ns + " does not sleep").contains("nothing to wake");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels()).doesNotContainKey("ephemeral-ns.io/wake");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown command frobnicate").contains("Usage: kubectl ephemeral-ns");
        assertThat(plugin("extend", ns).exit()).isEqualTo(2);
        assertThat(plugin("wake").exit()).isEqualTo(2);
    }

    @Test
    void captureRefusesWhatIsNotAnArchiveNameWithExitCode2BeforeAnyRequest() {
        // as the administrator, who may read the janitor's pods: a name that got past the check would end in exit 6
        // (no janitor pod runs here), so 2 shows it was refused before the plugin looked for the janitor or made a pod
        for (String bad : List.of("../etc", "test-a-3f2a9c1d-20261130T183000Z/..", "/var/lib/ephemeral-ns/captures/x",
                ".partial", "Test-a-3f2a9c1d-20261130T183000Z", "")) {
            Shell.Result result = pluginAsAdmin("capture", bad);

            assertThat(result.exit()).as(bad).isEqualTo(2);
            assertThat(result.stderr()).as(bad).contains("\"" + bad + "\" is not an archive name")
                    .contains("<namespace>-<first 8 characters of its UID>-<yyyyMMddTHHmmssZ>").contains("no path, no / or ..");
        }
        assertThat(admin.pods().inNamespace(HelmRelease.NAMESPACE).withLabel("app.kubernetes.io/component", "capture-reader")
                .list().getItems()).isEmpty();
    }

    @Test
    void capturesWithoutAJanitorPodToReadFromExitsWith6AndSaysWhy() {
        Shell.Result result = pluginAsAdmin("captures");

        assertThat(result.exit()).isEqualTo(6);
        assertThat(result.stderr()).contains("no janitor pod in namespace " + HelmRelease.NAMESPACE)
                .contains("--release-namespace");
    }

    @Test
    void passesShellcheck() {
        Shell.Result result = Shell.run(Duration.ofSeconds(60), Map.of(),
                List.of("shellcheck", env.repo.resolve("tools/kubectl-ephemeral_ns").toString()));

        assertThat(result.exit()).as(result.output()).isZero();
    }
}
