package io.ephemeralns.e2enode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the seed's pipeline script ({@code e2e-node/pipeline/ci-pipeline.sh}) as a CI runner starts it: a
 * process with the pipeline's identity in {@code KUBECONFIG}, kubectl and helm on its PATH, and the run's branch,
 * commit and TTL in its environment. It can be waited for, or killed with SIGKILL as a runner that dies does.
 */
final class PipelineRun {

    private final Process process;
    private final Path log;
    final String namespace;

    private PipelineRun(Process process, Path log, String namespace) {
        this.process = process;
        this.log = log;
        this.namespace = namespace;
    }

    /** Starts the script; {@code extra} adds or overrides environment variables (TTL, FAIL_TESTS, ...). */
    static PipelineRun start(NodeEnvironment env, String branch, String sha, Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>();
        variables.put("KUBECONFIG", env.pipelineKubeconfig.toString());
        variables.put("HELM", env.helm.toString());
        variables.put("BRANCH", branch);
        variables.put("SHA", sha);
        variables.put("APP_IMAGE", env.images.httpService());
        variables.put("TOOLS_IMAGE", env.images.tools());
        variables.putAll(extra);
        try {
            Path log = Files.createTempFile("ci-pipeline-", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(env.repo.resolve("e2e-node/pipeline/ci-pipeline.sh").toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(variables);
            String namespace = ("test-" + branch.replaceAll("[^a-zA-Z0-9]", "-") + "-" + sha.substring(0, 7)).toLowerCase();
            return new PipelineRun(builder.start(), log, namespace);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the pipeline", e);
        }
    }

    /** Waits for the script to finish; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("the pipeline did not finish within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL to the script and everything it started (kubectl, helm): no trap runs, nothing cleans up. */
    void kill() throws InterruptedException {
        // the script first, so that no child's death can wake it up to run its trap
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Everything the script printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
