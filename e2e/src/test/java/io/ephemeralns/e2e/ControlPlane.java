package io.ephemeralns.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real etcd, kube-apiserver and kube-controller-manager on 127.0.0.1, started and stopped through
 * {@code e2e/scripts/control-plane.sh} (the same launcher the demo uses). The binaries are built from Go modules
 * by {@code e2e/scripts/build-binaries.sh} and cached outside the work tree.
 */
final class ControlPlane implements AutoCloseable {

    private final Path repo;
    private final Path state;
    private final Map<String, String> env;
    private final KubernetesClient admin;

    private ControlPlane(Path repo, Path state, Map<String, String> env) {
        this.repo = repo;
        this.state = state;
        this.env = env;
        this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig()))).build();
    }

    /** Builds the binaries if needed, starts the control plane and waits until it is ready. */
    static ControlPlane start(Path repo) {
        Shell.run(Duration.ofMinutes(60), Map.of(), List.of(repo.resolve("e2e/scripts/build-binaries.sh").toString())).ok();
        Path state;
        try {
            state = Files.createTempDirectory("ephemeral-ns-e2e-");
            Files.delete(state); // the launcher creates it and refuses a non-empty one
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Shell.run(Duration.ofMinutes(5), Map.of(), List.of(repo.resolve("e2e/scripts/control-plane.sh").toString(), "up",
                state.toString())).ok();
        Map<String, String> env = new HashMap<>();
        for (String line : read(state.resolve("env")).split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                env.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return new ControlPlane(repo, state, env);
    }

    /** The admin kubeconfig ({@code system:masters}). */
    Path kubeconfig() {
        return state.resolve("kubeconfig");
    }

    /** {@code https://127.0.0.1:<port>}. */
    String url() {
        return env.get("APISERVER_URL");
    }

    /** The cluster CA certificate (PEM file). */
    Path caCert() {
        return Path.of(env.get("CA_CERT"));
    }

    /** A client with cluster-admin rights. */
    KubernetesClient admin() {
        return admin;
    }

    /** The directory holding logs of the control plane components. */
    Path logs() {
        return state.resolve("logs");
    }

    Path repo() {
        return repo;
    }

    @Override
    public void close() {
        admin.close();
        Shell.run(Duration.ofMinutes(2), Map.of(), List.of(repo.resolve("e2e/scripts/control-plane.sh").toString(), "down",
                state.toString()));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
