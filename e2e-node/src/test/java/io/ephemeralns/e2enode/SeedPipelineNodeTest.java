package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.Kubectl;
import io.ephemeralns.e2e.Names;
import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The seed's pipeline script ({@code e2e-node/pipeline/ci-pipeline.sh}), unchanged, against the real node with the
 * product installed: it passes; killed with SIGKILL mid-test it leaves its namespace, which the janitor removes once
 * its TTL has passed; a failed run keeps its namespace (keep=true) for debugging with kubectl exec.
 */
@Order(2)
class SeedPipelineNodeTest extends NodeTest {


    @Test
    void theSeedsPipelinePassesAgainstTheClusterWithTheProductInstalled() throws Exception {
        PipelineRun run = PipelineRun.start(env, "feature/login", Names.sha(), Map.of());

        int exit = run.awaitExit(Duration.ofMinutes(6));

        assertThat(exit).as(run.output()).isZero();
        assertThat(run.output())
                .contains("ok   - the application answers through its Service")
                .contains("ok   - production (prod.internal) is unreachable from a CI namespace")
                .contains("run-tests: 0 failure(s)")
                .contains("tests passed, deleting " + run.namespace);
        Namespace namespace = admin.namespaces().withName(run.namespace).get();
        assertThat(namespace == null || namespace.getMetadata().getDeletionTimestamp() != null)
                .as("namespace %s deleted by the pipeline's trap", run.namespace).isTrue();
    }

    @Test
    void thePipelineKilledWithSigkillMidTestLeavesItsNamespaceWhichTheJanitorRemovesOnceItsTtlPasses() throws Exception {
        PipelineRun run = PipelineRun.start(env, "killed", Names.sha(), Map.of("TTL", "90s", "TEST_EXTRA_SECONDS", "600"));
        await("the test runner is running").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> run.output().contains("run-tests: running 600s more"));

        run.kill();

        Namespace left = admin.namespaces().withName(run.namespace).get();
        assertThat(left).as(run.output()).isNotNull();
        assertThat(left.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(left.getMetadata().getLabels()).doesNotContainKey("keep");
        Pod runner = admin.pods().inNamespace(run.namespace).withName("test-runner").get();
        assertThat(runner).isNotNull();
        assertThat(runner.getStatus().getPhase()).isEqualTo("Running");
        Instant expiresAt = Instant.parse(left.getMetadata().getAnnotations().get("ephemeral-ns.io/expires-at"));
        assertThat(expiresAt).isAfter(Instant.now());

        await("namespace " + run.namespace + " removed by the janitor").atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1)).until(() -> admin.namespaces().withName(run.namespace).get() == null);
        // the janitor records the Event once the API server has answered the deletion: it may come after the namespace went
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(run.namespace, "Deleted").isEmpty());
        assertThat(events(run.namespace, "Deleted").get(0).getMessage()).contains("namespace " + run.namespace + " expired");
    }

    @Test
    void aFailedRunKeepsItsNamespaceWithKeepTrueAndItCanBeExecedInto() throws Exception {
        PipelineRun run = PipelineRun.start(env, "broken", Names.sha(), Map.of("FAIL_TESTS", "1"));

        int exit = run.awaitExit(Duration.ofMinutes(6));

        assertThat(exit).as(run.output()).isNotZero();
        assertThat(run.output()).contains("FAILED").contains("keeping " + run.namespace);
        try {
            Namespace kept = admin.namespaces().withName(run.namespace).get();
            assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(kept.getMetadata().getLabels()).containsEntry("keep", "true");
            assertThat(kept.getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/kept-at");

            Kubectl pipeline = new Kubectl(env.pipelineKubeconfig);
            Shell.Result exec = pipeline.run("exec", "-n", run.namespace, "deploy/app", "--", "env");
            assertThat(exec.exit()).as(exec.output()).isZero();
            assertThat(exec.stdout()).contains("HOSTNAME=app-");
        } finally {
            env.admin.run("delete", "namespace", run.namespace, "--wait=false");
        }
    }
}
