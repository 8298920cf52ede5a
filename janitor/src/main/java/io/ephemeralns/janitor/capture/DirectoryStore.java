package io.ephemeralns.janitor.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Archives as directories under {@code janitor.capture.directory} (the chart mounts a PersistentVolumeClaim there): an
 * archive is written into a hidden {@code .<name>.partial} directory and renamed to {@code <name>} when committed, so
 * that a reader, and {@link #list}, never see half an archive; a janitor that died while writing leaves a
 * {@code .partial} directory, removed by the next prune ({@link #list} does not show it, {@link #removePartials} does
 * remove it). Files are plain text, readable with {@code ls} and {@code less} on the volume.
 *
 * <p>A full volume or an unwritable directory surfaces as the {@link IOException} of the write (ENOSPC is
 * {@code FileSystemException: No space left on device}), which the capture reports; the half-written archive is
 * removed by {@link Archive#close}.
 */
public class DirectoryStore implements ArchiveStore {

    private static final String PARTIAL = ".partial";

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root;
    }

    @Override
    public Archive open(String name) throws IOException {
        check(name);
        Files.createDirectories(root);
        Path partial = root.resolve("." + name + PARTIAL);
        deleteTree(partial);
        Files.createDirectory(partial);
        return new DirectoryArchive(partial, root.resolve(name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(entry)) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public void remove(String name) throws IOException {
        check(name);
        deleteTree(root.resolve(name));
    }

    /** Removes the {@code .partial} directories a janitor that died while writing left behind. */
    public void removePartials() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "." + "*" + PARTIAL)) {
            for (Path entry : entries) {
                deleteTree(entry);
            }
        }
    }

    @Override
    public long bytes(String name) throws IOException {
        check(name);
        Path archive = root.resolve(name);
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(archive)) {
            return walk.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The usable space of the file system under the directory (the volume), as the JVM sees it. */
    @Override
    public OptionalLong freeBytes() throws IOException {
        Files.createDirectories(root);
        return OptionalLong.of(Files.getFileStore(root).getUsableSpace());
    }

    @Override
    public String location(String name) {
        return root.resolve(name).toString();
    }

    private static void check(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not an archive name: " + name);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(each);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One archive: a hidden directory until committed. */
    private static final class DirectoryArchive implements Archive {
        private final Path partial;
        private final Path target;
        private boolean committed;

        DirectoryArchive(Path partial, Path target) {
            this.partial = partial;
            this.target = target;
        }

        @Override
        public void write(String entry, byte[] content) throws IOException {
            if (committed) {
                throw new IllegalStateException("archive " + target.getFileName() + " is committed");
            }
            Path file = partial.resolve(entry).normalize();
            if (!file.startsWith(partial) || entry.startsWith("/")) {
                throw new IllegalArgumentException("entry outside the archive: " + entry);
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }

        @Override
        public void commit() throws IOException {
            deleteTree(target);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                deleteTree(partial);
            }
        }
    }
}
