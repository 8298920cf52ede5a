package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveNameTest {

    private static final Instant AT = Instant.parse("2026-11-30T18:30:05.123Z");

    @Test
    void namesTheNamespaceTheUidPrefixAndTheTimeInUtc() {
        assertThat(ArchiveName.of("test-main-abc1234", "3f2a9c1d-0000-4000-8000-000000000001", AT))
                .isEqualTo("test-main-abc1234-3f2a9c1d-20261130T183005Z");
    }

    @Test
    void aShortOrMissingUidStillMakesAName() {
        assertThat(ArchiveName.of("ns", "ab", AT)).isEqualTo("ns-ab-20261130T183005Z");
        assertThat(ArchiveName.of("ns", null, AT)).isEqualTo("ns-0-20261130T183005Z");
    }

    @Test
    void theTimeIsReadBackFromTheName() {
        assertThat(ArchiveName.capturedAt(ArchiveName.of("test-a-1", "3f2a9c1d-0000", AT)))
                .contains(Instant.parse("2026-11-30T18:30:05Z"));
    }

    @ParameterizedTest(name = "\"{0}\" is not an archive name")
    @CsvSource({"notes.txt", "lost+found", "ns-3f2a9c1d-20261399T183005Z", "ns-3f2a9c1d-2026", "Upper-3f2a9c1d-20261130T183005Z"})
    void aNameThisProductDidNotMakeHasNoTime(String name) {
        assertThat(ArchiveName.capturedAt(name)).isEmpty();
    }
}
