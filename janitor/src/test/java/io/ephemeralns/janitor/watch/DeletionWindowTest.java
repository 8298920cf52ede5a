package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeletionWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void allowsTheCapPerWindow() {
        DeletionWindow window = new DeletionWindow(2, MINUTE);

        assertThat(window.tryTake(T0)).isTrue();
        assertThat(window.tryTake(T0.plusSeconds(10))).isTrue();
        assertThat(window.tryTake(T0.plusSeconds(20))).isFalse();
        assertThat(window.end(T0.plusSeconds(20))).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void aNewWindowStartsAfterTheInterval() {
        DeletionWindow window = new DeletionWindow(1, MINUTE);
        window.tryTake(T0);

        assertThat(window.tryTake(T0.plus(MINUTE))).isTrue();
    }

    @Test
    void aPermitGivenBackCanBeTakenAgain() {
        DeletionWindow window = new DeletionWindow(1, MINUTE);
        window.tryTake(T0);
        window.giveBack();

        assertThat(window.tryTake(T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aCapOfZeroAllowsNothing() {
        assertThat(new DeletionWindow(0, MINUTE).tryTake(T0)).isFalse();
    }
}
