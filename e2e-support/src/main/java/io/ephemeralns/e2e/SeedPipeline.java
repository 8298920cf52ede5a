package io.ephemeralns.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's CI pipeline as it ships in {@code e2e-node/pipeline/}. The suites take the seed's own objects from the
 * file the pipeline script applies, so that what they test is what the pipeline creates.
 */
public final class SeedPipeline {

    private SeedPipeline() {
    }

    /**
     * The seed's own ResourceQuota and NetworkPolicies ({@code seed-objects.yaml}), which {@code ci-pipeline.sh}
     * applies in every run's namespace, as a multi-document manifest.
     *
     * @param repo the repository's root directory
     */
    public static String objects(Path repo) {
        Path file = repo.resolve("e2e-node/pipeline/seed-objects.yaml");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /**
     * A run's namespace made by the seed's commands, in the order {@code ci-pipeline.sh} runs them, as
     * {@code kubectl}'s identity: {@code kubectl create namespace test-<branch>-<sha7>}, {@code kubectl label ...
     * created-by=ci-cd branch commit ttl}, then {@code kubectl wait} until the product's baseline is applied.
     *
     * @return the namespace's name
     */
    public static String namespace(Kubectl kubectl, String branch, String sha, String ttl) {
        String ns = "test-" + branch + "-" + sha.substring(0, 7);
        kubectl.run("create", "namespace", ns).ok();
        kubectl.run("label", "namespace", ns, "created-by=ci-cd", "branch=" + branch, "commit=" + sha, "ttl=" + ttl).ok();
        awaitBaseline(kubectl, ns);
        return ns;
    }

    /** The seed's wait for the product's baseline: {@code kubectl wait} until {@code ns} has it applied (60 s at most). */
    public static void awaitBaseline(Kubectl kubectl, String ns) {
        kubectl.run("wait", "--for=jsonpath={.metadata.annotations.ephemeral-ns\\.io/baseline}=applied", "ns/" + ns,
                "--timeout=60s").ok();
    }
}
