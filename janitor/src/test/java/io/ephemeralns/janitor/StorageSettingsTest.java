package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageSettingsTest {

    private static StorageSettings settings(Map<String, String> properties, boolean runOnce) {
        return StorageSettings.from(TestConfig.mapping(properties).storage(), runOnce);
    }

    @Test
    void isOffByDefaultAndNeverReclaims() {
        StorageSettings settings = settings(Map.of(), false);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.deleteAfter()).isEmpty();
        assertThat(settings.maxDeletionsPerScan()).isEqualTo(10);
    }

    @Test
    void readsTheScanAndTheGrace() {
        StorageSettings settings = settings(Map.of("janitor.storage.enabled", "true", "janitor.storage.interval", "5m",
                "janitor.storage.delete-after", "7d", "janitor.storage.max-deletions-per-scan", "3"), false);
        assertThat(settings).isEqualTo(new StorageSettings(true, Duration.ofMinutes(5),
                java.util.Optional.of(Duration.ofDays(7)), 3));
    }

    @Test
    void anEmptyDeleteAfterNeverReclaims() {
        assertThat(settings(Map.of("janitor.storage.delete-after", ""), false).deleteAfter()).isEmpty();
    }

    @Test
    void isOffInRunOnceMode() {
        assertThat(settings(Map.of("janitor.storage.enabled", "true"), true).enabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1} is refused naming the key")
    @CsvSource({
            "janitor.storage.max-deletions-per-scan, -1",
            "janitor.storage.delete-after, soon",
            "janitor.storage.interval, 0s",
    })
    void refusesBadValuesNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of(key, value), false)).hasMessageContaining(value);
    }
}
