package io.ephemeralns.janitor.capture;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Room on the archive store for the captures that may run at once. While a bounded store (a volume) has less free
 * space than {@code needed}, its oldest archives are removed, before their retention, oldest first
 * ({@link Retention#oldestFirst}: only archives this product named). Why: any pipeline may ask for a capture
 * ({@code capture=true}), so many captures can fill the volume; without this every later capture would fail with
 * ENOSPC until the retention caught up, losing the newest runs, which are the ones people debug. A store without a
 * bound (an object store) is never pruned for room; a volume filled by something else than archives still fails the
 * capture, which then says so.
 */
public final class ArchiveRoom {

    private ArchiveRoom() {
    }

    /**
     * Removes the oldest archives until {@code needed} bytes are free or none is left.
     *
     * @return how many were removed
     * @throws IOException when the store cannot be read or an archive cannot be removed
     */
    public static int make(ArchiveStore store, long needed) throws IOException {
        OptionalLong free = store.freeBytes();
        if (free.isEmpty() || free.getAsLong() >= needed) {
            return 0;
        }
        int removed = 0;
        for (String oldest : Retention.oldestFirst(store.list())) {
            store.remove(oldest);
            removed++;
            if (store.freeBytes().orElse(Long.MAX_VALUE) >= needed) {
                break;
            }
        }
        return removed;
    }
}
