package io.ephemeralns.janitor.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * The size cap of one archive ({@code janitor.capture.max-bytes}): every entry takes what it writes from it, an entry
 * larger than what is left is cut, and once nothing is left the rest are omitted. Each cut or omission is remembered
 * so that the archive says so ({@link #notes()}, written to {@code CAPTURE.txt}, which is not counted: its size is
 * bounded by {@link #MAX_NOTES} lines). Logs ask for a fair {@link #share} each, so that one chatty container does not
 * take the whole cap from the others. Not thread-safe: one capture, one thread.
 */
public final class SizeBudget {

    /** Most notes kept; beyond, they are counted. */
    static final int MAX_NOTES = 200;

    private final long max;
    private long used;
    private boolean truncated;
    private final List<String> notes = new ArrayList<>();
    private int unnoted;

    /** @param max the cap in bytes, positive */
    public SizeBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        this.max = max;
    }

    /** Bytes still free. */
    public long remaining() {
        return max - used;
    }

    /** Bytes taken so far. */
    public long used() {
        return used;
    }

    /** True when an entry was cut or left out by the cap. */
    public boolean truncated() {
        return truncated;
    }

    /** What a log may ask for when {@code left} logs (this one included) still share what is free: at least 1 byte. */
    public long share(int left) {
        return Math.max(1, remaining() / Math.max(1, left));
    }

    /**
     * Takes an entry of {@code size} bytes: how many of them may be written (all, the part that fits, or 0), noting a cut.
     */
    public long take(String entry, long size) {
        long allowed = Math.min(size, remaining());
        if (allowed < size) {
            truncated = true;
            note(allowed == 0 ? entry + ": left out (" + size + " bytes), janitor.capture.max-bytes=" + max + " reached"
                    : entry + ": cut at " + allowed + " of " + size + " bytes, janitor.capture.max-bytes=" + max + " reached");
        }
        used += allowed;
        return allowed;
    }

    /**
     * Notes that only the last {@code kept} of a log's {@code read} bytes are kept (its share of the cap); with
     * {@code readCapped}, the read itself stopped at its bound, so the log's own end may be missing too.
     */
    public void limited(String entry, long kept, long read, boolean readCapped) {
        truncated = true;
        note(entry + ": kept its last " + kept + " of " + read + " bytes (its share of janitor.capture.max-bytes=" + max
                + ")" + (readCapped ? "; the read stopped at " + read + " bytes, so later lines are missing" : ""));
    }

    /** Notes an entry left out, unread, because nothing is left. */
    public void omit(String entry) {
        truncated = true;
        note(entry + ": left out, janitor.capture.max-bytes=" + max + " reached");
    }

    /** Notes something left out for another reason (a read that failed); not a truncation. */
    public void note(String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        } else {
            unnoted++;
        }
    }

    /** Every note, one a line, with how many were not kept. */
    public List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        if (unnoted > 0) {
            all.add("and " + unnoted + " more");
        }
        return all;
    }
}
