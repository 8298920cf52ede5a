package io.ephemeralns.janitor.capture;

/**
 * What one written archive holds.
 *
 * @param archive    its name ({@link ArchiveName})
 * @param bytes      bytes of entries written (without {@code CAPTURE.txt})
 * @param truncated  an entry was cut or left out by {@code janitor.capture.max-bytes}
 * @param readErrors reads the API server refused or failed (each noted in {@code CAPTURE.txt})
 * @param cutShort   the timeout stopped the reading before its end
 */
public record CaptureReport(String archive, long bytes, boolean truncated, int readErrors, boolean cutShort) {
}
