package io.ephemeralns.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** kubectl against a cluster (the local control plane or the real node), as a pipeline would run it. */
public final class Kubectl {

    private final Path kubeconfig;

    public Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public Shell.Result run(String... args) {
        return withManifest(null, args);
    }

    /** Runs kubectl with {@code -f <file>} holding the given manifest, when one is given. */
    public Shell.Result withManifest(String manifest, String... args) {
        String stdin = manifest;
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        if (stdin == null) {
            return Shell.run(Duration.ofSeconds(120), Map.of(), command);
        }
        try {
            Path input = java.nio.file.Files.createTempFile("kubectl-in", ".yaml");
            java.nio.file.Files.writeString(input, stdin);
            command.add("-f");
            command.add(input.toString());
            try {
                return Shell.run(Duration.ofSeconds(120), Map.of(), command);
            } finally {
                java.nio.file.Files.deleteIfExists(input);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
