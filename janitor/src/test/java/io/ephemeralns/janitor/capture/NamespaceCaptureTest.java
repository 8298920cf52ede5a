package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceCaptureTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String NAME = ArchiveName.of("ci-1", "uid-1", NOW);

    @TempDir
    Path root;
    private final FakeReads reads = new FakeReads();

    @BeforeEach
    void aNamespaceWithACrashingPodASecretAndAnEvent() {
        reads.lists.put("/api/v1/namespaces/ci-1/events", Map.of("items", List.of(Map.of("reason", "BackOff",
                "message", "Back-off restarting failed container app"))));
        reads.lists.put("/api/v1/namespaces/ci-1/pods", Map.of("items", List.of(Map.of(
                "metadata", Map.of("name", "web"),
                "spec", Map.of("containers", List.of(Map.of("name", "app"))),
                "status", Map.of("containerStatuses", List.of(Map.of("name", "app", "restartCount", 2)))))));
        reads.lists.put("/api/v1/namespaces/ci-1/secrets", Map.of("items", List.of(Map.of(
                "metadata", Map.of("name", "db"), "data", Map.of("password", "aHVudGVyMg==")))));
        reads.lists.put("/api/v1/namespaces/ci-1/configmaps", Map.of("items", List.of(Map.of(
                "metadata", Map.of("name", "settings"), "data", Map.of("mode", "test")))));
        reads.logs.put("web/app", "starting\n");
        reads.logs.put("web/app/previous", "panic: connection refused\n");
    }

    private CaptureReport capture(long maxBytes) throws IOException {
        return new NamespaceCapture(reads, new DirectoryStore(root), maxBytes)
                .capture("ci-1", "uid-1", CaptureScope.Decision.KEPT, NAME, NOW);
    }

    @Test
    void writesEventsObjectsAndEveryLogIncludingThePreviousContainers() throws IOException {
        CaptureReport report = capture(1_000_000);
        Path archive = root.resolve(NAME);
        assertThat(archive.resolve("events.yaml")).content().contains("Back-off restarting failed container app");
        assertThat(archive.resolve("objects/pods.yaml")).content().contains("web");
        assertThat(archive.resolve("objects/configmaps.yaml")).content().contains("settings", "mode");
        assertThat(archive.resolve("logs/web/app.log")).hasContent("starting");
        assertThat(archive.resolve("logs/web/app.previous.log")).hasContent("panic: connection refused");
        assertThat(report.truncated()).isFalse();
        assertThat(report.bytes()).isPositive();
    }

    @Test
    void secretsAreAskedForAsMetadataOnlyAndTheirDataIsRedactedWhateverComesBack() throws IOException {
        capture(1_000_000);
        assertThat(reads.askedMetadata).containsExactly("/api/v1/namespaces/ci-1/secrets");
        assertThat(reads.asked).doesNotContain("/api/v1/namespaces/ci-1/secrets");
        assertThat(root.resolve(NAME).resolve("objects/secrets.yaml")).content()
                .doesNotContain("aHVudGVyMg==").contains("password", "REDACTED");
    }

    @Test
    void aKindTheServerRefusesIsNotedAndTheCaptureGoesOn() throws IOException {
        CaptureReport report = capture(1_000_000);
        assertThat(report.readErrors()).isPositive(); // deployments, jobs... are not served by the fake: 404
        assertThat(root.resolve(NAME).resolve(NamespaceCapture.SUMMARY)).content()
                .contains("objects/deployments.yaml: not read: HTTP 404", "complete: false");
        assertThat(root.resolve(NAME).resolve("logs/web/app.previous.log")).exists();
    }

    @Test
    void beyondMaxBytesEntriesAreCutAndTheArchiveSaysSo() throws IOException {
        CaptureReport report = capture(4096 / 32);
        assertThat(report.truncated()).isTrue();
        assertThat(report.bytes()).isEqualTo(128);
        assertThat(root.resolve(NAME).resolve(NamespaceCapture.SUMMARY)).content()
                .contains("truncated: janitor.capture.max-bytes reached", "max-bytes=128");
    }

    @Test
    void aLogLongerThanItsShareKeepsItsLastBytesWhereTheFailureIsAndTheSummarySaysSo() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int line = 0; log.length() < 100_000; line++) {
            log.append("line ").append(line).append(": all good\n");
        }
        reads.logs.put("web/app", log.append("FAIL: expected 200, got 503\n").toString());

        capture(20_000);

        assertThat(root.resolve(NAME).resolve("logs/web/app.log")).content()
                .endsWith("FAIL: expected 200, got 503\n").doesNotContain("line 0:");
        assertThat(root.resolve(NAME).resolve(NamespaceCapture.SUMMARY)).content()
                .contains("logs/web/app.log: kept its last", "of " + log.length() + " bytes");
    }

    @Test
    void theSummarySaysWhyAndWhat() throws IOException {
        capture(1_000_000);
        assertThat(root.resolve(NAME).resolve(NamespaceCapture.SUMMARY)).content()
                .contains("namespace: ci-1", "uid: uid-1", "captured-at: 2026-11-30T12:00:00Z", "why: kept (keep=true)");
    }

    @Test
    void aFullVolumeFailsTheCaptureAndLeavesNoHalfArchive() {
        ArchiveStore full = new DirectoryStore(root) {
            @Override
            public Archive open(String name) throws IOException {
                Archive real = super.open(name);
                return new Archive() {
                    @Override
                    public void write(String entry, byte[] content) throws IOException {
                        throw new FileSystemException(entry, null, "No space left on device");
                    }

                    @Override
                    public void commit() throws IOException {
                        real.commit();
                    }

                    @Override
                    public void close() throws IOException {
                        real.close();
                    }
                };
            }
        };
        assertThatThrownBy(() -> new NamespaceCapture(reads, full, 1_000_000)
                .capture("ci-1", "uid-1", CaptureScope.Decision.ASKED, NAME, NOW))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("No space left on device");
        assertThat(root.toFile().list()).isEmpty();
    }

    @Test
    void anInterruptCommitsWhatWasReadAndSaysItWasCutShort() throws Exception {
        reads.block = true;
        Thread.currentThread().interrupt();
        CaptureReport report = capture(1_000_000);
        assertThat(Thread.interrupted()).isTrue(); // the interrupt is handed back
        assertThat(report.cutShort()).isTrue();
        assertThat(Files.readString(root.resolve(NAME).resolve(NamespaceCapture.SUMMARY))).contains("cut short");
    }
}
