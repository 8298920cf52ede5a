package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.util.Optional;

/**
 * The leaked-storage scan's settings ({@code janitor.storage.*}), validated once at start-up: a bad value stops the
 * program with a message naming the key.
 *
 * @param enabled             scan the PersistentVolumes (never in run-once mode)
 * @param interval            least time between two scans
 * @param deleteAfter         grace between a leaked CI volume's release and its reclaim; empty = never reclaim
 * @param maxDeletionsPerScan most reclaims per scan
 */
public record StorageSettings(boolean enabled, Duration interval, Optional<Duration> deleteAfter, int maxDeletionsPerScan) {

    /**
     * Most owner labels written per scan; the rest wait for the next one. At the first scan of a cluster with many
     * bound volumes this spreads the patches (each also takes a token of the deletion rate limit) over several scans.
     */
    static final int MAX_LABELS_PER_SCAN = 1000;

    /** Validates the configuration; {@code runOnce} turns the scan off (a CronJob's metrics are not scraped). */
    public static StorageSettings from(JanitorConfig.StorageConfig config, boolean runOnce) {
        if (config.interval().isZero() || config.interval().isNegative()) {
            throw new IllegalArgumentException("janitor.storage.interval=" + Ttl.format(config.interval())
                    + " must be positive, e.g. 15m");
        }
        Optional<Duration> deleteAfter = config.deleteAfter();
        if (deleteAfter.isPresent() && (deleteAfter.get().isZero() || deleteAfter.get().isNegative())) {
            throw new IllegalArgumentException("janitor.storage.delete-after must be positive, e.g. 24h (unset: never)");
        }
        if (config.maxDeletionsPerScan() < 0) {
            throw new IllegalArgumentException("janitor.storage.max-deletions-per-scan=" + config.maxDeletionsPerScan()
                    + " is negative: use 0 (report only) or more, e.g. 10");
        }
        return new StorageSettings(config.enabled() && !runOnce, config.interval(), deleteAfter,
                config.maxDeletionsPerScan());
    }

    /** One line for the start-up log. */
    public String describe() {
        return "storage.enabled=" + enabled + " storage.interval=" + Ttl.format(interval)
                + " storage.delete-after=" + deleteAfter.map(Ttl::format).orElse("never")
                + " storage.max-deletions-per-scan=" + maxDeletionsPerScan;
    }
}
