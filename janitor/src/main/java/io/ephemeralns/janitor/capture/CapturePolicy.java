package io.ephemeralns.janitor.capture;

import java.time.Duration;

/**
 * The settings a {@link BoundedCapture} decides and waits by.
 *
 * @param keepLabel {@code ephemeral-ns.keep-label}: a kept namespace is captured
 * @param timeout   {@code janitor.capture.timeout}: the longest a deletion waits for its capture
 * @param retention {@code janitor.capture.retention}: archives older than this are pruned
 * @param room      free bytes kept on the store for the captures that may run at once ({@code max-bytes} times the
 *                  capture threads): below it the oldest archives give way ({@link ArchiveRoom})
 */
public record CapturePolicy(String keepLabel, Duration timeout, Duration retention, long room) {
}
