package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The capture before deletion's settings ({@code janitor.capture.*}), validated once at start-up: a bad value stops the
 * program with a message naming the key. Off unless {@code enabled} and a directory are both set, so that an existing
 * installation sees no change. Whether the directory can be written is not checked here: a volume that is full or
 * read-only must not stop the janitor, whose deletions go on without captures (each failure logged, counted and
 * recorded as a {@code CaptureFailed} Event).
 *
 * @param directory where archives are written; empty = off
 * @param retention how long archives are kept
 * @param maxBytes  the size cap of one namespace's archive
 * @param timeout   the longest a deletion waits for its capture
 */
public record CaptureSettings(Optional<Path> directory, Duration retention, long maxBytes, Duration timeout) {

    /** The smallest {@code janitor.capture.max-bytes}: room for the Events and a few objects. */
    static final long MIN_BYTES = 4096;

    /** Validates the configuration. */
    public static CaptureSettings from(JanitorConfig.CaptureConfig config) {
        Optional<Path> directory = config.directory().map(String::trim).filter(text -> !text.isEmpty()).map(Path::of);
        if (config.enabled() && directory.isEmpty()) {
            throw new IllegalArgumentException("janitor.capture.enabled=true but janitor.capture.directory is not set: set"
                    + " the directory archives are written to, e.g. /var/lib/ephemeral-ns/captures (the chart's"
                    + " janitor.capture.persistence mounts a volume there)");
        }
        if (directory.isPresent() && !directory.get().isAbsolute()) {
            throw new IllegalArgumentException("janitor.capture.directory=" + directory.get() + " is not an absolute path:"
                    + " use e.g. /var/lib/ephemeral-ns/captures");
        }
        if (config.retention().isZero() || config.retention().isNegative()) {
            throw new IllegalArgumentException("janitor.capture.retention=" + Ttl.format(config.retention())
                    + " must be positive, e.g. 7d");
        }
        if (config.maxBytes() < MIN_BYTES) {
            throw new IllegalArgumentException("janitor.capture.max-bytes=" + config.maxBytes() + " is too small: use at"
                    + " least " + MIN_BYTES + ", e.g. 10485760 (10 MiB)");
        }
        if (config.timeout().isZero() || config.timeout().isNegative()) {
            throw new IllegalArgumentException("janitor.capture.timeout=" + Ttl.format(config.timeout())
                    + " must be positive, e.g. 30s");
        }
        return new CaptureSettings(config.enabled() ? directory : Optional.empty(), config.retention(), config.maxBytes(),
                config.timeout());
    }

    /** True when captures are on. */
    public boolean enabled() {
        return directory.isPresent();
    }

    /** One line for the start-up log. */
    public String describe() {
        return "capture.enabled=" + enabled() + " capture.directory=" + directory.map(Path::toString).orElse("(none)")
                + " capture.retention=" + Ttl.format(retention) + " capture.max-bytes=" + maxBytes
                + " capture.timeout=" + Ttl.format(timeout);
    }
}
