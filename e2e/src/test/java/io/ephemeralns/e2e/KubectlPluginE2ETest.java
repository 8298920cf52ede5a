package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
        List<String> command = new ArrayList<>(List.of("kubectl", "ephemeral-ns"));
        command.addAll(List.of(args));
        return Shell.run(Duration.ofSeconds(60), Map.of(
                "PATH", env.repo.resolve("tools") + ":" + System.getenv("PATH"),
                "KUBECONFIG", env.pipelineKubeconfig.toString()), command);
    }

    private static Map<String, String> annotations(String name) {
        return admin.namespaces().withName(name).get().getMetadata().getAnnotations();
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
    void passesShellcheck() {
        Shell.Result result = Shell.run(Duration.ofSeconds(60), Map.of(),
                List.of("shellcheck", env.repo.resolve("tools/kubectl-ephemeral_ns").toString()));

        assertThat(result.exit()).as(result.output()).isZero();
    }
}
