package io.ephemeralns.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real etcd, kube-apiserver and kube-controller-manager on 127.0.0.1, started and stopped through
 * {@code e2e/scripts/control-plane.sh} (the same launcher the demo uses). The binaries are built from Go modules
 * by {@code e2e/scripts/build-binaries.sh} and cached outside the work tree.
 */
final class ControlPlane implements AutoCloseable {

    private final Path repo;
    private final LaunchedCluster cluster;

    private ControlPlane(Path repo, LaunchedCluster cluster) {
        this.repo = repo;
        this.cluster = cluster;
    }

    /** Builds the binaries if needed, starts the control plane and waits until it is ready. */
    static ControlPlane start(Path repo) {
        Shell.run(Duration.ofMinutes(60), Map.of(), List.of(repo.resolve("e2e/scripts/build-binaries.sh").toString())).ok();
        return new ControlPlane(repo, LaunchedCluster.up(repo.resolve("e2e/scripts/control-plane.sh"), "ephemeral-ns-e2e-",
                Duration.ofMinutes(5)));
    }

    /** The admin kubeconfig ({@code system:masters}). */
    Path kubeconfig() {
        return cluster.kubeconfig();
    }

    /** {@code https://127.0.0.1:<port>}. */
    String url() {
        return cluster.require("APISERVER_URL");
    }

    /** The cluster CA certificate (PEM file). */
    Path caCert() {
        return Path.of(cluster.require("CA_CERT"));
    }

    /** A client with cluster-admin rights. */
    KubernetesClient admin() {
        return cluster.admin();
    }

    /** The directory holding logs of the control plane components. */
    Path logs() {
        return cluster.directory().resolve("logs");
    }

    Path repo() {
        return repo;
    }

    @Override
    public void close() {
        cluster.close();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
