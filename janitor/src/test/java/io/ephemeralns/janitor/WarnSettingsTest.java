package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarnSettingsTest {

    private static WarnSettings settings(Map<String, String> properties) {
        return WarnSettings.from(TestConfig.mapping(properties).warn());
    }

    @Test
    void isOffByDefaultWithoutAnyPost() {
        WarnSettings settings = settings(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.webhookUrl()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxAttempts()).isEqualTo(3);
    }

    @Test
    void anEmptyBeforeIsOff() {
        assertThat(settings(Map.of("janitor.warn.before", "")).enabled()).isFalse();
    }

    @Test
    void readsBeforeAndTheUrl() {
        WarnSettings settings = settings(Map.of("janitor.warn.before", "15m",
                "janitor.warn.webhook-url", "https://chat.example.com/hooks/ci?token=secret"));
        assertThat(settings.before()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.webhookUrl()).contains(URI.create("https://chat.example.com/hooks/ci?token=secret"));
    }

    @Test
    void theLogLineNeverShowsTheUrlsPathOrQuery() {
        String line = settings(Map.of("janitor.warn.before", "15m",
                "janitor.warn.webhook-url", "https://chat.example.com/hooks/ci?token=do-not-print-me")).describe();
        assertThat(line).doesNotContain("do-not-print-me").contains("warn.before=15m")
                .contains("https://chat.example.com/...");
    }

    @ParameterizedTest(name = "webhook-url {0} is refused without printing it")
    @CsvSource({"hooks.example.net/ci", "ftp://chat.example.com/x", "https:///no-host", "'http://exa mple.com/'"})
    void aUrlThatIsNotAnAbsoluteHttpUrlIsRefused(String url) {
        assertThatThrownBy(() -> settings(Map.of("janitor.warn.before", "15m", "janitor.warn.webhook-url", url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janitor.warn.webhook-url").hasMessageNotContaining(url);
    }

    @Test
    void aUrlWithoutBeforeIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("janitor.warn.webhook-url", "https://chat.example.com/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janitor.warn.webhook-url").hasMessageContaining("janitor.warn.before");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({"janitor.warn.max-attempts, 0", "janitor.warn.max-attempts, 11"})
    void outOfRangeValuesAreRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of("janitor.warn.before", "15m", key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }
}
