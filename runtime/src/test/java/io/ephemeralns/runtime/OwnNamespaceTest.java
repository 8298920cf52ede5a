package io.ephemeralns.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnNamespaceTest {

    @TempDir
    Path dir;

    @Test
    void aConfiguredNamespaceWins() throws Exception {
        Path file = Files.writeString(dir.resolve("namespace"), "from-file");
        assertThat(OwnNamespace.resolve(Optional.of(" ops "), file)).contains("ops");
    }

    @Test
    void theServiceAccountFileIsReadWhenNothingIsConfigured() throws Exception {
        Path file = Files.writeString(dir.resolve("namespace"), "ephemeral-ns\n");
        assertThat(OwnNamespace.resolve(Optional.of(""), file)).contains("ephemeral-ns");
    }

    @Test
    void outsideAClusterTheNamespaceIsUnknown() {
        assertThat(OwnNamespace.resolve(Optional.empty(), dir.resolve("missing"))).isEmpty();
    }
}
