package io.ephemeralns.janitor.capture;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Room on the archive store for the captures that may run at once. While a bounded store (a volume) has less free
 * space than {@code needed}, its oldest archives are removed, before their retention, as few as make the room
 * ({@link Retention#forRoom}: only archives this product named). Why: any pipeline may ask for a capture
 * ({@code capture=true}), so many captures can fill the volume; without this every later capture would fail with
 * ENOSPC until the retention caught up, losing the newest runs, which are the ones people debug. When even removing
 * every archive would not make the room, something else fills the volume and none is removed (the capture then fails
 * and says so). A store without a bound (an object store) is never pruned for room.
 */
public final class ArchiveRoom {

    private static final Logger LOG = Logger.getLogger(ArchiveRoom.class);

    private ArchiveRoom() {
    }

    /**
     * Removes the oldest archives when fewer than {@code needed} bytes are free and that can make the room.
     *
     * @return how many were removed
     * @throws IOException when the store cannot be read or an archive cannot be removed
     */
    public static int make(ArchiveStore store, long needed) throws IOException {
        OptionalLong free = store.freeBytes();
        if (free.isEmpty() || free.getAsLong() >= needed) {
            return 0;
        }
        List<String> oldestFirst = Retention.oldestFirst(store.list());
        Map<String, Long> bytes = new HashMap<>();
        for (String name : oldestFirst) {
            bytes.put(name, store.bytes(name));
        }
        List<String> remove = Retention.forRoom(oldestFirst, bytes, free.getAsLong(), needed);
        if (remove.isEmpty()) {
            LOG.warnf("the capture volume has %d bytes free and its %d archives hold %d: even without them the %d bytes"
                    + " the captures that may run at once need would not be free; something else fills it, so no archive"
                    + " is removed", free.getAsLong(), oldestFirst.size(),
                    bytes.values().stream().mapToLong(Long::longValue).sum(), needed);
        }
        for (String name : remove) {
            store.remove(name);
        }
        return remove.size();
    }
}
