package io.ephemeralns.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product's Helm chart, release {@value #NAME} in namespace {@value #NAMESPACE}, installed as an operator
 * installs it, its pods meant to run in the cluster: through {@code e2e/scripts/install.sh in-cluster} and
 * {@code uninstall}, the one install path of this repository (the demo's too), so the suites install what the demo
 * does. On the local control plane, with the programs outside the cluster, {@code install.sh up} installs it instead.
 */
public final class HelmRelease {

    public static final String NAME = "ephemeral-ns";
    public static final String NAMESPACE = "ephemeral-ns";

    private final Path repo;
    private final Path kubeconfig;

    public HelmRelease(Path repo, Path kubeconfig) {
        this.repo = repo;
        this.kubeconfig = kubeconfig;
    }

    /** The helm binary, built once from the Go module proxy and cached ({@code e2e/scripts/build-tools.sh}). */
    public static Path binary(Path repo) {
        String dir = Shell.run(Duration.ofMinutes(30), Map.of(), List.of(repo.resolve("e2e/scripts/build-tools.sh").toString(),
                "helm")).ok().stdout().strip().lines().reduce((first, second) -> second).orElseThrow();
        return Path.of(dir).resolve("helm");
    }

    /**
     * {@code helm upgrade --install --wait} of the chart with its pods in the cluster ({@code install.sh in-cluster}):
     * the chart's defaults plus the given arguments ({@code --set k=v}, {@code -f file}; {@code --no-wait} for a
     * cluster whose pods never run); every call starts again from the chart's defaults. Helm's wait is bounded by
     * {@code timeout}; on failure the script's output carries helm's, the release's pods and events, and their logs.
     */
    public Shell.Result installInCluster(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script(), "in-cluster", kubeconfig.toString()));
        command.addAll(List.of(arguments));
        return Shell.run(timeout.plusMinutes(1), Map.of("INSTALL_TIMEOUT", Long.toString(timeout.toSeconds())), command).ok();
    }

    /**
     * The chart README's uninstall ({@code install.sh uninstall --keep-namespace}): the webhook configurations, then
     * {@code helm uninstall --wait}; fails unless both succeed. The release's namespace stays, so the caller can see
     * what the release left in it before deleting it.
     */
    public void uninstall() {
        Shell.run(Duration.ofMinutes(6), Map.of(), List.of(script(), "uninstall", kubeconfig.toString(), "--keep-namespace")).ok();
    }

    private String script() {
        return repo.resolve("e2e/scripts/install.sh").toString();
    }
}
