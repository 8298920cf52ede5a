package io.ephemeralns.janitor.capture;

import java.io.OutputStream;

/**
 * Keeps the last {@code capacity} bytes of everything written to it, and counts them all: a log is read as it streams
 * and only its tail is archived, because a failed run's error is at the end of its log (the API server's
 * {@code limitBytes} keeps the first bytes, and it has no option for the last ones). Memory: {@code capacity} bytes,
 * whatever the log's length.
 */
public final class TailBuffer extends OutputStream {

    private final byte[] ring;
    private long total;

    /** @param capacity how many of the last bytes to keep */
    public TailBuffer(int capacity) {
        ring = new byte[Math.max(0, capacity)];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        total += length;
        if (ring.length == 0) {
            return;
        }
        int kept = Math.min(length, ring.length); // of this write, only its last bytes can matter
        int from = offset + length - kept;
        int start = (int) ((total - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(bytes, from, ring, start, first);
        System.arraycopy(bytes, from + first, ring, 0, kept - first);
    }

    /** How many bytes were written in all. */
    public long total() {
        return total;
    }

    /** The last bytes written, at most {@code capacity}, in order. */
    public byte[] tail() {
        int kept = (int) Math.min(total, ring.length);
        byte[] tail = new byte[kept];
        if (kept == 0) {
            return tail;
        }
        int end = (int) (total % ring.length); // where the next byte would go: the oldest kept byte when full
        int start = kept < ring.length ? 0 : end;
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, tail, 0, first);
        System.arraycopy(ring, 0, tail, first, kept - first);
        return tail;
    }
}
