package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void archivesOlderThanTheRetentionArePruned() {
        String old = ArchiveName.of("a", "11111111", NOW.minus(Duration.ofDays(8)));
        String young = ArchiveName.of("b", "22222222", NOW.minus(Duration.ofDays(6)));
        assertThat(Retention.expired(List.of(old, young), WEEK, NOW)).containsExactly(old);
    }

    @Test
    void anArchiveExactlyAsOldAsTheRetentionIsKept() {
        String edge = ArchiveName.of("a", "11111111", NOW.minus(WEEK));
        assertThat(Retention.expired(List.of(edge), WEEK, NOW)).isEmpty();
    }

    @Test
    void aNameThisProductDidNotMakeIsNeverPruned() {
        assertThat(Retention.expired(List.of("lost+found", "notes-by-a-person"), WEEK, NOW)).isEmpty();
    }

    @Test
    void anArchiveDatedInTheFutureIsKept() {
        String future = ArchiveName.of("a", "11111111", NOW.plus(Duration.ofDays(30)));
        assertThat(Retention.expired(List.of(future), WEEK, NOW)).isEmpty();
    }

    @Test
    void archivesGiveWayOldestCaptureFirstWhateverTheirNamespacesNamesAndOthersNever() {
        String oldest = ArchiveName.of("zeta", "11111111", NOW.minus(Duration.ofDays(3)));
        String newest = ArchiveName.of("alpha", "22222222", NOW.minus(Duration.ofHours(1)));
        String middle = ArchiveName.of("mid", "33333333", NOW.minus(Duration.ofDays(1)));

        assertThat(Retention.oldestFirst(List.of(newest, "lost+found", oldest, middle)))
                .containsExactly(oldest, middle, newest);
    }

    @Test
    void asFewOfTheOldestArchivesAsMakeTheRoomAreChosen() {
        assertThat(Retention.forRoom(List.of("a", "b", "c"), java.util.Map.of("a", 300L, "b", 300L, "c", 300L), 100, 600))
                .containsExactly("a", "b");
    }

    @Test
    void noArchiveIsChosenWhenEvenAllOfThemCouldNotMakeTheRoom() {
        assertThat(Retention.forRoom(List.of("a", "b"), java.util.Map.of("a", 300L, "b", 300L), 0, 1_000)).isEmpty();
    }

    @Test
    void noArchiveIsChosenWhenThereIsRoomAlready() {
        assertThat(Retention.forRoom(List.of("a"), java.util.Map.of("a", 300L), 1_000, 1_000)).isEmpty();
    }
}
