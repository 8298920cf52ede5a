package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedCaptureTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path root;
    private final FakeReads reads = new FakeReads();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private BoundedCapture capture(ArchiveStore store, Duration timeout) {
        return capture(store, timeout, 0);
    }

    private BoundedCapture capture(ArchiveStore store, Duration timeout, long room) {
        NamespaceEvents recorder = new NamespaceEvents(null) {
            @Override
            public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
                events.add(type + " " + reason + " " + namespace + ": " + message);
                return true;
            }
        };
        return new BoundedCapture(new NamespaceCapture(reads, store, 1_000_000),
                new CapturePolicy("keep", timeout, Duration.ofDays(7), room), threads, metrics, recorder);
    }

    private BoundedCapture capture() {
        return capture(new DirectoryStore(root), Duration.ofMinutes(5));
    }

    private static Namespace namespace(Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName("ci-1").withUid("3f2a9c1d-0001").withLabels(labels)
                .endMetadata().build();
    }

    @Test
    void aNamespaceThatDidNotAskIsNotCapturedAndNothingIsSaid() throws Exception {
        CaptureResult result = capture().before(namespace(Map.of("created-by", "ci-cd")), NOW);
        assertThat(result).isEqualTo(CaptureResult.NONE);
        assertThat(result.eventText()).isEmpty();
        assertThat(reads.asked).isEmpty();
        assertThat(root.toFile().list()).isEmpty();
    }

    @Test
    void aKeptNamespaceIsCapturedAndTheResultNamesTheArchive() throws Exception {
        CaptureResult result = capture().before(namespace(Map.of("keep", "true")), NOW);
        assertThat(result.archive()).isEqualTo("ci-1-3f2a9c1d-20261130T120000Z");
        assertThat(root.resolve(result.archive()).resolve(NamespaceCapture.SUMMARY)).exists();
        assertThat(result.eventText()).contains("archive ci-1-3f2a9c1d-20261130T120000Z", root.toString());
        assertThat(metrics.total(result.outcome())).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void aNamespaceLabelledCaptureTrueIsCaptured() throws Exception {
        CaptureResult result = capture().before(namespace(Map.of("capture", "true")), NOW);
        assertThat(result.archive()).isNotNull();
        assertThat(root.resolve(result.archive()).resolve(NamespaceCapture.SUMMARY)).content()
                .contains("why: asked (label capture=true)");
    }

    @Test
    void aMalformedLabelIsNotCapturedAndTheDeletionEventSaysWhy() throws Exception {
        CaptureResult result = capture().before(namespace(Map.of("capture", "yes")), NOW);
        assertThat(result.outcome()).isEqualTo(CaptureResult.Outcome.MALFORMED_LABEL);
        assertThat(result.eventText()).contains("not captured", "capture=\"yes\"", "neither true nor false");
        assertThat(reads.asked).isEmpty();
        assertThat(metrics.total(CaptureResult.Outcome.MALFORMED_LABEL)).isEqualTo(1);
    }

    @Test
    void aNamespaceIsCapturedOncePerUidAcrossDrainingSweeps() throws Exception {
        BoundedCapture capture = capture();
        CaptureResult first = capture.before(namespace(Map.of("keep", "true")), NOW);
        int reads = this.reads.asked.size();
        CaptureResult again = capture.before(namespace(Map.of("keep", "true")), NOW.plusSeconds(60));
        assertThat(again).isEqualTo(first);
        assertThat(this.reads.asked).hasSize(reads);
    }

    @Test
    void aForgottenNamespaceIsCapturedAgain() throws Exception {
        BoundedCapture capture = capture();
        capture.before(namespace(Map.of("keep", "true")), NOW);
        capture.forgetAllBut(java.util.Set.of());
        CaptureResult again = capture.before(namespace(Map.of("keep", "true")), NOW.plusSeconds(60));
        assertThat(again.archive()).isEqualTo("ci-1-3f2a9c1d-20261130T120100Z");
    }

    @Test
    void aFullVolumeFailsTheCaptureWithAWarningEventAndTheDeletionGoesOn() throws Exception {
        ArchiveStore full = new DirectoryStore(root) {
            @Override
            public Archive open(String name) throws IOException {
                throw new FileSystemException(root.toString(), null, "No space left on device");
            }
        };
        CaptureResult result = capture(full, Duration.ofMinutes(5)).before(namespace(Map.of("keep", "true")), NOW);
        assertThat(result.outcome()).isEqualTo(CaptureResult.Outcome.FAILED);
        assertThat(result.eventText()).contains("capture failed", "No space left on device", "deleted anyway");
        assertThat(events).singleElement().asString()
                .startsWith("Warning CaptureFailed ci-1:").contains("No space left on device");
        assertThat(metrics.total(CaptureResult.Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void aVolumeWithoutRoomGivesUpItsOldestArchiveBeforeTheCaptureInsteadOfFailingIt() throws Exception {
        String oldest = ArchiveName.of("ci-0", "00000000", NOW.minus(Duration.ofDays(2)));
        java.nio.file.Files.createDirectories(root.resolve(oldest));
        java.nio.file.Files.writeString(root.resolve(oldest).resolve("events.yaml"), "x".repeat(100));
        ArchiveStore crowded = new DirectoryStore(root) { // no room while the oldest archive is there
            @Override
            public java.util.OptionalLong freeBytes() {
                return java.util.OptionalLong.of(java.nio.file.Files.exists(root.resolve(oldest)) ? 0 : 100);
            }
        };

        CaptureResult result = capture(crowded, Duration.ofMinutes(5), 50)
                .before(namespace(Map.of("keep", "true")), NOW);

        assertThat(root.resolve(result.archive()).resolve(NamespaceCapture.SUMMARY)).exists();
        assertThat(root.resolve(oldest)).doesNotExist();
        assertThat(metrics.prunedTotal(CaptureMetrics.PRUNED_FOR_SPACE)).isEqualTo(1);
    }

    @Test
    void aCaptureBeyondTheTimeoutIsCutShortWithAWarningEventAndCommitsWhatItRead() throws Exception {
        reads.block = true;
        CaptureResult result = capture(new DirectoryStore(root), Duration.ofSeconds(1))
                .before(namespace(Map.of("keep", "true")), NOW);
        assertThat(result.outcome()).isEqualTo(CaptureResult.Outcome.TIMED_OUT);
        assertThat(result.eventText()).contains("not finished within janitor.capture.timeout", "deleted anyway",
                result.archive());
        assertThat(events).singleElement().asString().startsWith("Warning CaptureFailed ci-1:");
        await().untilAsserted(() -> assertThat(root.resolve(result.archive()).resolve(NamespaceCapture.SUMMARY))
                .content().contains("cut short"));
    }

    @Test
    void whenEveryCaptureThreadIsBusyTheCaptureFailsAndTheDeletionGoesOn() throws Exception {
        threads.shutdown();
        CaptureResult result = capture().before(namespace(Map.of("keep", "true")), NOW);
        assertThat(result.outcome()).isEqualTo(CaptureResult.Outcome.FAILED);
        assertThat(result.eventText()).contains("every capture thread is busy");
    }

    @Test
    void pruneRemovesArchivesOlderThanTheRetentionAndCountsThem() throws Exception {
        String old = ArchiveName.of("a", "11111111", NOW.minus(Duration.ofDays(8)));
        String young = ArchiveName.of("b", "22222222", NOW.minus(Duration.ofDays(1)));
        Files.createDirectories(root.resolve(old));
        Files.createDirectories(root.resolve(young));
        assertThat(capture().prune(NOW)).isEqualTo(1);
        assertThat(root.resolve(old)).doesNotExist();
        assertThat(root.resolve(young)).exists();
    }

    @Test
    void aPruneThatFailsIsLoggedAndRemovesNothingElse() throws Exception {
        ArchiveStore broken = new DirectoryStore(root) {
            @Override
            public List<String> list() throws IOException {
                throw new IOException("volume gone");
            }
        };
        assertThat(capture(broken, Duration.ofMinutes(5)).prune(NOW)).isZero();
    }
}
