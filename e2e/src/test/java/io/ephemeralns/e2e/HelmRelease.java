package io.ephemeralns.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product's Helm chart installed into the local control plane, exactly as in a cluster but with the
 * programs running outside it: {@code janitor.enabled=false}, {@code webhook.enabled=false} and the webhook
 * configurations pointed at the local webhook process by {@code webhook.clientConfig.url} (the documented value
 * for this). So the suite runs with the chart's ServiceAccounts, RBAC and webhook configurations, not copies.
 */
final class HelmRelease {

    static final String NAME = "ephemeral-ns";

    private final Path repo;
    private final Path helm;
    private final Path kubeconfig;

    HelmRelease(Path repo, Path kubeconfig) {
        this.repo = repo;
        this.kubeconfig = kubeconfig;
        String dir = Shell.run(Duration.ofMinutes(30), Map.of(), List.of(repo.resolve("e2e/scripts/build-tools.sh").toString(),
                "helm")).ok().stdout().strip().lines().reduce((first, second) -> second).orElseThrow();
        this.helm = Path.of(dir).resolve("helm");
    }

    /**
     * Installs, or upgrades to, the chart with the webhook configurations pointing at {@code webhookUrl}, plus
     * further {@code key=value} settings; every call starts again from the chart's defaults.
     */
    void install(String webhookUrl, String caBundle, String... settings) {
        List<String> args = new ArrayList<>(List.of("upgrade", "--install", NAME, repo.resolve("deploy/helm/ephemeral-ns").toString(),
                "--namespace", ServiceAccountIdentity.NAMESPACE, "--create-namespace",
                "--set", "janitor.enabled=false", "--set", "webhook.enabled=false",
                "--set", "webhook.clientConfig.url=" + webhookUrl, "--set", "webhook.clientConfig.caBundle=" + caBundle));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        helm(args.toArray(String[]::new));
    }

    /** Uninstalls as the chart's README says: webhook configurations first, then the release. */
    void uninstall() {
        helm("uninstall", NAME, "--namespace", ServiceAccountIdentity.NAMESPACE, "--wait");
    }

    private void helm(String... args) {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Shell.run(Duration.ofMinutes(5), Map.of(), command).ok();
    }
}
