package io.ephemeralns.e2enode;

import io.ephemeralns.e2e.LaunchedCluster;
import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-node cluster (containerd, kubelet, kube-proxy, kube-router for NetworkPolicies, CoreDNS, a local
 * registry, and the control plane), brought up and torn down by {@code e2e/scripts/node.sh}. It changes the
 * machine (iptables, mounts, sysctls), so only one may run at a time: {@link #start} refuses when a kubelet
 * already runs, and {@link #close} always tears down what it brought up.
 */
final class RealNode implements AutoCloseable {

    /** How long to wait for another node on this machine to be torn down. */
    static final Duration OTHER_NODE_WAIT = Duration.ofMinutes(15);

    private final LaunchedCluster cluster;

    private RealNode(LaunchedCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Brings the node up (building what is missing, cached outside the work tree) and waits until it is ready. When
     * another node runs on this machine (a demo, another checkout's tests), waits up to {@link #OTHER_NODE_WAIT} for
     * it to go, then fails naming it.
     */
    static RealNode start(Path repo) {
        awaitNoOtherNode();
        return new RealNode(LaunchedCluster.up(repo.resolve("e2e/scripts/node.sh"), "ephemeral-ns-node-", Duration.ofMinutes(60)));
    }

    private static void awaitNoOtherNode() {
        long deadline = System.nanoTime() + OTHER_NODE_WAIT.toNanos();
        Shell.Result kubelets = otherKubelets();
        if (kubelets.exit() == 0) {
            System.out.println("e2e-node: another node runs on this machine; waiting up to " + OTHER_NODE_WAIT + " for it to go: "
                    + kubelets.stdout().strip());
        }
        while (kubelets.exit() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a kubelet still runs on this machine after " + OTHER_NODE_WAIT
                        + ", and only one real node can: " + kubelets.stdout().strip()
                        + "\nstop it (e2e/scripts/node.sh down <its state dir>) and run again");
            }
            sleep(Duration.ofSeconds(5));
            kubelets = otherKubelets();
        }
    }

    /** A kubelet, or a node.sh bringing one up, elsewhere on this machine (exit 0 and their command lines). */
    private static Shell.Result otherKubelets() {
        // a zombie kubelet is not a node: this machine's init may take minutes to reap an orphan's zombie
        Shell.Result kubelet = Shell.run(Duration.ofSeconds(10), Map.of(),
                List.of("pgrep", "-a", "-x", "--runstates", "R,S,D,T,I", "kubelet"));
        if (kubelet.exit() == 0) {
            return kubelet;
        }
        return Shell.run(Duration.ofSeconds(10), Map.of(), List.of("pgrep", "-af", "node[.]sh (up|run) "));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The admin kubeconfig ({@code system:masters}). */
    Path kubeconfig() {
        return cluster.kubeconfig();
    }

    /** A client with cluster-admin rights. */
    KubernetesClient admin() {
        return cluster.admin();
    }

    /** {@code host:port} of the node's plain-HTTP OCI registry (pushable from here, pullable by the node). */
    String registry() {
        return require("REGISTRY");
    }

    /** The API server's URL. */
    String apiServerUrl() {
        return require("APISERVER_URL");
    }

    /** The cluster CA certificate (PEM file). */
    Path caCert() {
        return Path.of(require("CA_CERT"));
    }

    /** The node's state directory (logs, configuration). */
    Path state() {
        return cluster.directory();
    }

    /** A value of {@code <state>/env}. */
    String require(String key) {
        return cluster.require(key);
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** Copies the node's component logs (kubelet, containerd, API server, ...) into {@code directory}. */
    void keepLogs(Path directory) {
        Path logs = cluster.directory().resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            Files.createDirectories(directory);
            for (Path file : files.toList()) {
                Files.copy(file, directory.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the node's logs: " + e);
        }
    }
}
