package io.ephemeralns.janitor.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

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

    /** The names among {@code archives} to prune at {@code now}, in the given order. */
    public static List<String> expired(Collection<String> archives, Duration retention, Instant now) {
        Instant cutoff = now.minus(retention);
        return archives.stream()
                .filter(name -> ArchiveName.capturedAt(name).filter(at -> at.isBefore(cutoff)).isPresent())
                .toList();
    }
}
