package io.ephemeralns.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real etcd, kube-apiserver and kube-controller-manager on 127.0.0.1 with the product's chart installed for
 * programs running outside the cluster, set up and torn down by {@code e2e/scripts/install.sh}, the one
 * local-install path (the benchmarks use it too): the chart's ServiceAccounts, RBAC, admission policies and webhook
 * configurations, a serving certificate for the webhook, one token kubeconfig per program. The suite calls the
 * script rather than repeating its steps, so that what the suite tests is what the script installs. The binaries
 * are built from Go modules by {@code e2e/scripts/build-binaries.sh} and cached outside the work tree.
 */
final class ControlPlane implements AutoCloseable {

    private final Path script;
    private final LaunchedCluster cluster;

    private ControlPlane(Path script, LaunchedCluster cluster) {
        this.script = script;
        this.cluster = cluster;
    }

    /** Builds the binaries if needed, starts the control plane, installs the chart and waits until all is ready. */
    static ControlPlane start(Path repo) {
        Shell.run(Duration.ofMinutes(60), Map.of(), List.of(repo.resolve("e2e/scripts/build-binaries.sh").toString())).ok();
        return new ControlPlane(script(repo), LaunchedCluster.up(script(repo), "ephemeral-ns-e2e-", Duration.ofMinutes(30)));
    }

    /** A free TCP port on 127.0.0.1, from the script (the one place ports are chosen). */
    static int freePort(Path repo) {
        return Integer.parseInt(Shell.run(Duration.ofSeconds(30), Map.of(), List.of(script(repo).toString(), "free-port"))
                .ok().stdout().strip());
    }

    /**
     * {@code helm upgrade} of the chart, from its defaults plus the settings for programs outside the cluster, with
     * the webhook configurations pointing at {@code webhookUrl}, plus further {@code key=value} settings.
     */
    void installChart(String webhookUrl, String... settings) {
        List<String> command = new ArrayList<>(List.of(script.toString(), "chart", state().toString(), "--webhook-url",
                webhookUrl));
        command.addAll(List.of(settings));
        Shell.run(Duration.ofMinutes(6), Map.of(), command).ok();
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

    /** A kubeconfig with a token of the chart's ServiceAccount of that program ({@code janitor}, {@code webhook}). */
    Path tokenKubeconfig(String program) {
        return Path.of(cluster.require(program.toUpperCase(java.util.Locale.ROOT) + "_KUBECONFIG"));
    }

    /** The serving certificate the webhook configurations trust. */
    ServingCertificate servingCertificate() {
        return new ServingCertificate(Path.of(cluster.require("TLS_CERT")), Path.of(cluster.require("TLS_KEY")));
    }

    /** The port the installed webhook configurations call on 127.0.0.1. */
    int webhookPort() {
        return Integer.parseInt(cluster.require("WEBHOOK_PORT"));
    }

    /** The script's state directory, where the suite may keep files of its own. */
    Path state() {
        return cluster.directory();
    }

    /** A client with cluster-admin rights. */
    KubernetesClient admin() {
        return cluster.admin();
    }

    /** Uninstalls the chart and stops the control plane; fails when that fails. */
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

    private static Path script(Path repo) {
        return repo.resolve("e2e/scripts/install.sh");
    }
}
