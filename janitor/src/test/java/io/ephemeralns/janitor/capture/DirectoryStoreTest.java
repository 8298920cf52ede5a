package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreTest {

    @TempDir
    Path root;

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A store holding the committed archive ns-1234abcd-20261130T120000Z: events.yaml, logs/web/app.log ("hello"). */
    private DirectoryStore storeWithOneArchive() throws IOException {
        DirectoryStore store = new DirectoryStore(root);
        try (ArchiveStore.Archive archive = store.open("ns-1234abcd-20261130T120000Z")) {
            archive.write("events.yaml", text("items: []"));
            archive.write("logs/web/app.log", text("hello"));
            archive.commit();
        }
        return store;
    }

    @Test
    void aCommittedArchiveIsADirectoryOfItsEntries() throws IOException {
        DirectoryStore store = storeWithOneArchive();
        Path committed = root.resolve("ns-1234abcd-20261130T120000Z");
        assertThat(committed.resolve("logs/web/app.log")).hasContent("hello");
        assertThat(store.list()).containsExactly("ns-1234abcd-20261130T120000Z");
        assertThat(store.location("ns-1234abcd-20261130T120000Z")).isEqualTo(committed.toString());
    }

    @Test
    void anArchivesBytesAreThoseOfAllItsEntriesAndAMissingOneHoldsNone() throws IOException {
        DirectoryStore store = storeWithOneArchive();

        assertThat(store.bytes("ns-1234abcd-20261130T120000Z")).isEqualTo(14);
        assertThat(store.bytes("ns-00000000-20261130T120000Z")).isZero();
    }

    @Test
    void anArchiveNotCommittedLeavesNothing() throws IOException {
        DirectoryStore store = new DirectoryStore(root);
        try (ArchiveStore.Archive archive = store.open("a-1-20261130T120000Z")) {
            archive.write("events.yaml", text("x"));
            assertThat(store.list()).isEmpty();
        }
        try (var entries = Files.list(root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void anEntryOutsideTheArchiveIsRefused() throws IOException {
        DirectoryStore store = new DirectoryStore(root);
        try (ArchiveStore.Archive archive = store.open("a-1-20261130T120000Z")) {
            assertThatThrownBy(() -> archive.write("../escape.txt", text("x"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> archive.write("/etc/escape", text("x"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void removeDeletesAnArchiveAndIgnoresOneThatIsGone() throws IOException {
        DirectoryStore store = new DirectoryStore(root);
        try (ArchiveStore.Archive archive = store.open("a-1-20261130T120000Z")) {
            archive.write("logs/p/c.log", text("x"));
            archive.commit();
        }
        store.remove("a-1-20261130T120000Z");
        store.remove("a-1-20261130T120000Z");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aHalfWrittenArchiveOfADeadJanitorIsNotListedAndIsRemovedByRemovePartials() throws IOException {
        Files.createDirectories(root.resolve(".a-1-20261130T120000Z.partial/logs"));
        Files.createDirectories(root.resolve("b-2-20261130T120000Z"));
        DirectoryStore store = new DirectoryStore(root);
        assertThat(store.list()).containsExactly("b-2-20261130T120000Z");
        store.removePartials();
        assertThat(root.resolve(".a-1-20261130T120000Z.partial")).doesNotExist();
        assertThat(root.resolve("b-2-20261130T120000Z")).exists();
    }

    @Test
    void aDirectoryThatCannotBeMadeFailsTheOpenWithAnIOException() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> new DirectoryStore(file.resolve("captures")).open("a-1-20261130T120000Z"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aNameThatIsAPathIsRefused() {
        DirectoryStore store = new DirectoryStore(root);
        assertThatThrownBy(() -> store.remove("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }
}
