package io.ephemeralns.janitor.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which archives to prune ({@code janitor.capture.retention}): those captured longer ago than the retention, as their
 * names say ({@link ArchiveName}). A name this product did not make is never pruned (a person's file beside the
 * archives is theirs), nor is one dated in the future (a clock stepped back must not delete what was just written).
 */
public final class Retention {

    private Retention() {
    }

    /**
     * The archives this product named, oldest capture first (ties by name): the order in which they give way when the
     * store runs out of room ({@link ArchiveRoom}). Names it did not make are left out, as they are never pruned.
     */
    public static List<String> oldestFirst(Collection<String> archives) {
        return archives.stream()
                .filter(name -> ArchiveName.capturedAt(name).isPresent())
                .sorted(Comparator.comparing((String name) -> ArchiveName.capturedAt(name).orElseThrow())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /**
     * The archives to remove so that {@code needed} bytes are free, from {@code oldestFirst} with their sizes: the
     * oldest, as few as make the room. None when removing all of them would still not make it: then something else
     * fills the volume, and deleting every archive would lose them all for nothing.
     */
    public static List<String> forRoom(List<String> oldestFirst, Map<String, Long> bytes, long free, long needed) {
        long shortfall = needed - free;
        if (shortfall <= 0 || oldestFirst.stream().mapToLong(name -> bytes.getOrDefault(name, 0L)).sum() < shortfall) {
            return List.of();
        }
        List<String> remove = new ArrayList<>();
        long freed = 0;
        for (String name : oldestFirst) {
            if (freed >= shortfall) {
                break;
            }
            remove.add(name);
            freed += bytes.getOrDefault(name, 0L);
        }
        return remove;
    }

    /** The names among {@code archives} to prune at {@code now}, in the given order. */
    public static List<String> expired(Collection<String> archives, Duration retention, Instant now) {
        Instant cutoff = now.minus(retention);
        return archives.stream()
                .filter(name -> ArchiveName.capturedAt(name).filter(at -> at.isBefore(cutoff)).isPresent())
                .toList();
    }
}
