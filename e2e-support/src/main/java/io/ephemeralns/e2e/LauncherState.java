package io.ephemeralns.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The state directory of a cluster launcher ({@code e2e/scripts/control-plane.sh}, {@code e2e/scripts/node.sh}):
 * the launcher creates it on {@code up}, writes the cluster's coordinates into {@code <state>/env} (shell
 * assignments) and the admin kubeconfig, and removes what it made on {@code down}.
 */
public final class LauncherState {

    private final Path directory;
    private final Map<String, String> env;

    private LauncherState(Path directory, Map<String, String> env) {
        this.directory = directory;
        this.env = env;
    }

    /** A new path for a state directory; it does not exist yet, because the launchers refuse a non-empty one. */
    public static Path newDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            Files.delete(directory);
            return directory;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code <directory>/env}, which the launcher wrote on {@code up}. */
    public static LauncherState read(Path directory) {
        Map<String, String> env = new HashMap<>();
        for (String line : contents(directory.resolve("env")).split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                env.put(line.substring(0, equals), unquote(line.substring(equals + 1)));
            }
        }
        return new LauncherState(directory, env);
    }

    public Path directory() {
        return directory;
    }

    /** The admin kubeconfig ({@code system:masters}): {@code KUBECONFIG} of the env file, else {@code <state>/kubeconfig}. */
    public Path kubeconfig() {
        return Path.of(env.getOrDefault("KUBECONFIG", directory.resolve("kubeconfig").toString()));
    }

    /** A new client with cluster-admin rights; the caller closes it. */
    public KubernetesClient adminClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(contents(kubeconfig()))).build();
    }

    /** A value of {@code <state>/env}; fails naming the key when it is missing or empty. */
    public String require(String key) {
        String value = env.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(key + " is missing from " + directory.resolve("env"));
        }
        return value;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String contents(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
