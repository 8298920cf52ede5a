package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The forge webhook receiver's settings ({@code janitor.teardown.*}), validated once at start-up: a bad value stops
 * the program with a message naming the key. The secrets are kept as bytes and never printed.
 *
 * @param enabled        serve the receiver
 * @param port           its own port
 * @param grace          delay between a delivery and the teardown
 * @param githubSecret   GitHub's webhook secret, empty = GitHub deliveries not served
 * @param gitlabSecret   GitLab's secret token, empty = GitLab deliveries not served
 * @param maxBodyBytes   largest body accepted
 * @param replayWindow   how long delivery ids are remembered
 * @param replayCapacity most ids remembered
 */
public record TeardownSettings(boolean enabled, int port, Duration grace, Optional<byte[]> githubSecret,
        Optional<byte[]> gitlabSecret, int maxBodyBytes, Duration replayWindow, int replayCapacity) {

    /** Validates the configuration; {@code runOnce} turns the receiver off (a CronJob serves nothing). */
    public static TeardownSettings from(JanitorConfig.TeardownConfig config, boolean runOnce) {
        Optional<byte[]> github = secret(config.githubSecret());
        Optional<byte[]> gitlab = secret(config.gitlabSecret());
        boolean enabled = config.enabled() && !runOnce;
        if (enabled && github.isEmpty() && gitlab.isEmpty()) {
            throw new IllegalArgumentException("janitor.teardown.enabled=true but neither janitor.teardown.github-secret"
                    + " nor janitor.teardown.gitlab-secret is set: set at least one (from a Kubernetes Secret, see the"
                    + " chart's janitor.teardown.secretName)");
        }
        if (config.port() < 0 || config.port() > 65535) {
            throw new IllegalArgumentException("janitor.teardown.port=" + config.port() + " is not a port: use 1-65535,"
                    + " e.g. 8090 (0: any free port)");
        }
        if (config.maxBodyBytes() < 1024) {
            throw new IllegalArgumentException("janitor.teardown.max-body-bytes=" + config.maxBodyBytes()
                    + " is too small for any delivery: use at least 1024, e.g. 1048576");
        }
        if (config.replayCapacity() < 1) {
            throw new IllegalArgumentException("janitor.teardown.replay-capacity=" + config.replayCapacity()
                    + " must be at least 1, e.g. 10000");
        }
        return new TeardownSettings(enabled, config.port(), config.grace(), github, gitlab, config.maxBodyBytes(),
                config.replayWindow(), config.replayCapacity());
    }

    private static Optional<byte[]> secret(Optional<String> text) {
        return text.filter(value -> !value.isBlank()).map(value -> value.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** One line for the start-up log, without the secrets. */
    public String describe() {
        return "teardown.enabled=" + enabled + " teardown.port=" + port + " teardown.grace=" + Ttl.format(grace)
                + " teardown.github=" + (githubSecret.isPresent() ? "configured" : "off")
                + " teardown.gitlab=" + (gitlabSecret.isPresent() ? "configured" : "off")
                + " teardown.max-body-bytes=" + maxBodyBytes + " teardown.replay-window=" + Ttl.format(replayWindow)
                + " teardown.replay-capacity=" + replayCapacity;
    }
}
