package io.ephemeralns.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product's Helm chart installed with the helm binary built by {@code e2e/scripts/build-tools.sh}, as an
 * operator installs it: release {@value #NAME} in namespace {@value #NAMESPACE}, on a real node, the chart's
 * defaults plus the given settings, its pods running in the cluster ({@link #installInCluster}). On the local
 * control plane, with the programs outside the cluster, {@code e2e/scripts/install.sh} installs it instead.
 */
public final class HelmRelease {

    public static final String NAME = "ephemeral-ns";
    public static final String NAMESPACE = "ephemeral-ns";

    private final Path repo;
    private final Path helm;
    private final Path kubeconfig;

    public HelmRelease(Path repo, Path kubeconfig) {
        this.repo = repo;
        this.kubeconfig = kubeconfig;
        this.helm = binary(repo);
    }

    /** The helm binary, built once from the Go module proxy and cached ({@code e2e/scripts/build-tools.sh}). */
    public static Path binary(Path repo) {
        String dir = Shell.run(Duration.ofMinutes(30), Map.of(), List.of(repo.resolve("e2e/scripts/build-tools.sh").toString(),
                "helm")).ok().stdout().strip().lines().reduce((first, second) -> second).orElseThrow();
        return Path.of(dir).resolve("helm");
    }

    /**
     * {@code helm upgrade --install --wait} of the chart with its pods in the cluster: the chart's defaults plus the
     * given arguments ({@code --set k=v}, {@code -f file}); every call starts again from the chart's defaults.
     */
    public Shell.Result installInCluster(Duration timeout, String... arguments) {
        List<String> args = new ArrayList<>(List.of("upgrade", "--install", NAME, chart().toString(),
                "--namespace", NAMESPACE, "--create-namespace", "--wait", "--timeout", timeout.toSeconds() + "s"));
        args.addAll(List.of(arguments));
        return helm(timeout.plusMinutes(1), args.toArray(String[]::new));
    }

    /** {@code helm uninstall --wait}. */
    public void uninstall() {
        helm(Duration.ofMinutes(5), "uninstall", NAME, "--namespace", NAMESPACE, "--wait");
    }

    /** The chart's directory in the repository. */
    public Path chart() {
        return repo.resolve("deploy/helm/ephemeral-ns");
    }

    /** Runs helm with this release's kubeconfig; fails unless it exits 0. */
    public Shell.Result helm(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Shell.run(timeout, Map.of(), command).ok();
    }
}
