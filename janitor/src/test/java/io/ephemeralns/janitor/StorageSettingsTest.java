package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageSettingsTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Map.of("janitor.storage.max-deletions-per-scan", "-1"),
                        "janitor.storage.max-deletions-per-scan=-1 is negative"),
                Arguments.of(Map.of("janitor.storage.delete-after", "soon"), "\"soon\" is not a valid duration"),
                Arguments.of(Map.of("janitor.storage.interval", "0s"), "0s"));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource("refusals")
    void refusesBadValuesSayingWhy(Map<String, String> properties, String message) {
        Throwable refusal = catchThrowable(() -> StorageSettings.from(TestConfig.mapping(properties).storage(), false));
        assertThat(refusal).hasMessageContaining(message);
    }

    @Test
    void isOffByDefaultAndNeverReclaims() {
        assertThat(StorageSettings.from(TestConfig.mapping(Map.of()).storage(), false))
                .isEqualTo(new StorageSettings(false, Duration.ofMinutes(15), Optional.empty(), 10));
    }

    @Test
    void readsTheScanAndTheGrace() {
        Map<String, String> properties = Map.of("janitor.storage.enabled", "true", "janitor.storage.interval", "5m",
                "janitor.storage.delete-after", "7d", "janitor.storage.max-deletions-per-scan", "3");
        assertThat(StorageSettings.from(TestConfig.mapping(properties).storage(), false))
                .isEqualTo(new StorageSettings(true, Duration.ofMinutes(5), Optional.of(Duration.ofDays(7)), 3));
    }

    @Test
    void anEmptyDeleteAfterNeverReclaims() {
        assertThat(StorageSettings.from(TestConfig.mapping(Map.of("janitor.storage.delete-after", "")).storage(), false)
                .deleteAfter()).isEmpty();
    }

    @Test
    void isOffInRunOnceMode() {
        assertThat(StorageSettings.from(TestConfig.mapping(Map.of("janitor.storage.enabled", "true")).storage(), true)
                .enabled()).isFalse();
    }
}
