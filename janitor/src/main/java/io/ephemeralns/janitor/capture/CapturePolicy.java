package io.ephemeralns.janitor.capture;

import java.time.Duration;

/**
 * The settings a {@link BoundedCapture} decides and waits by.
 *
 * @param keepLabel {@code ephemeral-ns.keep-label}: a kept namespace is captured
 * @param timeout   {@code janitor.capture.timeout}: the longest a deletion waits for its capture
 * @param retention {@code janitor.capture.retention}: archives older than this are pruned
 */
public record CapturePolicy(String keepLabel, Duration timeout, Duration retention) {
}
