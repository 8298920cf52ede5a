package io.ephemeralns.janitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleAtEachFailureUpToTheMaximum() {
        Backoff backoff = new Backoff();

        assertThat(IntStream.range(0, 7).mapToObj(i -> backoff.failed().toSeconds()))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    @Test
    void aSuccessStartsTheWaitsOver() {
        Backoff backoff = new Backoff();
        backoff.failed();
        backoff.failed();

        backoff.succeeded();

        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    }
}
