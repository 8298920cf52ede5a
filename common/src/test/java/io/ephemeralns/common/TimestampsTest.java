package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void parsesUtcAndOffsetTimestamps() {
        assertThat(Timestamps.parse("2026-11-26T10:00:00Z")).contains(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(Timestamps.parse("2026-11-26T11:00:00+01:00")).contains(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @ParameterizedTest(name = "\"{0}\" is no timestamp")
    @ValueSource(strings = {"", " ", "tomorrow", "2026-11-26", "2026-11-26T10:00:00"})
    void unreadableTextIsNoTimestamp(String text) {
        assertThat(Timestamps.parse(text)).isEmpty();
    }

    @Test
    void printsUtcWholeSeconds() {
        assertThat(Timestamps.format(Instant.parse("2026-11-26T10:00:00.987Z"))).isEqualTo("2026-11-26T10:00:00Z");
    }
}
