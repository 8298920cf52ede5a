package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureSettingsTest {

    @Test
    void isOffByDefault() {
        CaptureSettings defaults = CaptureSettings.from(TestConfig.mapping(Map.of()).capture());
        assertThat(defaults).isEqualTo(new CaptureSettings(java.util.Optional.empty(), Duration.ofDays(7), 10L * 1024 * 1024,
                Duration.ofSeconds(30)));
        assertThat(defaults.enabled()).isFalse();
    }

    private static CaptureSettings settings(Map<String, String> properties) {
        return CaptureSettings.from(TestConfig.mapping(properties).capture());
    }

    @Test
    void aDirectoryWithoutEnabledIsStillOff() {
        assertThat(settings(Map.of("janitor.capture.directory", "/captures")).enabled()).isFalse();
    }

    @Test
    void enabledWithADirectoryIsOn() {
        CaptureSettings settings = settings(Map.of("janitor.capture.enabled", "true", "janitor.capture.directory", "/captures",
                "janitor.capture.retention", "2d", "janitor.capture.max-bytes", "65536", "janitor.capture.timeout", "10s"));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.directory()).contains(Path.of("/captures"));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.maxBytes()).isEqualTo(65536);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.describe()).contains("capture.enabled=true", "capture.directory=/captures", "capture.retention=2d");
    }

    @ParameterizedTest(name = "enabled with directory \"{0}\" is refused, naming the key")
    @CsvSource({"''", "'   '"})
    void enabledWithoutADirectoryIsRefused(String directory) {
        assertThatThrownBy(() -> settings(Map.of("janitor.capture.enabled", "true", "janitor.capture.directory", directory)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("janitor.capture.directory");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
            "janitor.capture.directory, captures",
            "janitor.capture.retention, 0s",
            "janitor.capture.max-bytes, 100",
            "janitor.capture.timeout, 0s"})
    void aBadValueIsRefusedNamingItsKey(String key, String value) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("janitor.capture.enabled", "true",
                "janitor.capture.directory", "/captures"));
        properties.put(key, value);
        // a zero duration is refused by the TTL grammar already, while the configuration is read
        assertThatThrownBy(() -> settings(properties)).isInstanceOf(RuntimeException.class).hasMessageContaining(key);
    }
}
