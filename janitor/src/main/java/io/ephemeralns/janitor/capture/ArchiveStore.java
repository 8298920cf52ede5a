package io.ephemeralns.janitor.capture;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where archives go. A capture writes entries ({@code events.yaml}, {@code objects/pods.yaml},
 * {@code logs/<pod>/<container>.log}, {@code CAPTURE.txt}) through an {@link Archive} and commits it; only a committed
 * archive is listed, pruned or named in an Event. {@link DirectoryStore} is the one implementation; an object store
 * (one object per entry under the archive's name as prefix, or one tarball) implements the same four operations, and
 * the capture does not change.
 */
public interface ArchiveStore {

    /** Starts an archive of this name ({@link ArchiveName}). */
    Archive open(String name) throws IOException;

    /** The names of the committed archives. */
    List<String> list() throws IOException;

    /** Removes a committed archive; removing one that is gone is no error. */
    void remove(String name) throws IOException;

    /**
     * How many bytes may still be written, when the store is bounded (a volume); empty when it is not (an object
     * store), and then nothing is ever removed to make room.
     */
    default OptionalLong freeBytes() throws IOException {
        return OptionalLong.empty();
    }

    /** How many bytes a committed archive holds (what removing it frees, near enough). */
    long bytes(String name) throws IOException;

    /** Where the archive of this name is, for a person reading the Event (a path, a URL). */
    String location(String name);

    /** One archive being written. Not thread-safe. */
    interface Archive extends AutoCloseable {

        /** Writes one entry ({@code /}-separated relative path, no {@code ..}). */
        void write(String entry, byte[] content) throws IOException;

        /** Makes the archive visible under its name; entries written after it are an error. */
        void commit() throws IOException;

        /** Discards the archive unless committed (what was written is removed). */
        @Override
        void close() throws IOException;
    }
}
