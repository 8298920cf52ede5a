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
 * A cluster brought up by one of the launchers ({@code e2e/scripts/control-plane.sh}, {@code e2e/scripts/node.sh}):
 * {@code <launcher> up <state-dir>} creates the state directory, writes the cluster's coordinates into
 * {@code <state>/env} (shell assignments) and the admin kubeconfig; {@code <launcher> down <state-dir>} stops
 * everything and removes what {@code up} made. {@link #close} always runs {@code down} and fails when it fails (a
 * teardown that leaves something behind is a defect the suite must see).
 */
public final class LaunchedCluster implements AutoCloseable {

    private final Path launcher;
    private final Path directory;
    private final Map<String, String> env;
    private final KubernetesClient admin;

    private LaunchedCluster(Path launcher, Path directory, Map<String, String> env) {
        this.launcher = launcher;
        this.directory = directory;
        this.env = env;
        this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(contents(kubeconfig()))).build();
    }

    /**
     * Runs {@code launcher up} on a new state directory (named {@code prefix...} in the temporary directory) and
     * reads what it wrote; when that fails, runs {@code down} (a half-built cluster is torn down) and throws.
     */
    public static LaunchedCluster up(Path launcher, String prefix, Duration timeout) {
        Path directory = newDirectory(prefix);
        Shell.Result up = Shell.run(timeout, Map.of(), List.of(launcher.toString(), "up", directory.toString()));
        if (up.exit() != 0) {
            down(launcher, directory);
            up.ok();
        }
        try {
            return new LaunchedCluster(launcher, directory, readEnv(directory));
        } catch (RuntimeException e) {
            down(launcher, directory);
            throw e;
        }
    }

    /** The state directory (logs, configuration). */
    public Path directory() {
        return directory;
    }

    /** The admin kubeconfig ({@code system:masters}): {@code KUBECONFIG} of the env file, else {@code <state>/kubeconfig}. */
    public Path kubeconfig() {
        return Path.of(env.getOrDefault("KUBECONFIG", directory.resolve("kubeconfig").toString()));
    }

    /** A client with cluster-admin rights, closed with the cluster. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A value of {@code <state>/env}; fails naming the key when it is missing or empty. */
    public String require(String key) {
        String value = env.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(key + " is missing from " + directory.resolve("env"));
        }
        return value;
    }

    @Override
    public void close() {
        admin.close();
        down(launcher, directory).ok();
    }

    /** A new path for a state directory; it does not exist yet, because the launchers refuse a non-empty one. */
    private static Path newDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            Files.delete(directory);
            return directory;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readEnv(Path directory) {
        Map<String, String> env = new HashMap<>();
        for (String line : contents(directory.resolve("env")).split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                env.put(line.substring(0, equals), unquote(line.substring(equals + 1)));
            }
        }
        return env;
    }

    /** Runs {@code down}, bounded (an uninstall waits for the chart's objects to go); prints its output when it fails. */
    private static Shell.Result down(Path launcher, Path directory) {
        Shell.Result down = Shell.run(Duration.ofMinutes(10), Map.of(), List.of(launcher.toString(), "down", directory.toString()));
        if (down.exit() != 0) {
            System.err.println(launcher.getFileName() + " down failed:\n" + down.output());
        }
        return down;
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
