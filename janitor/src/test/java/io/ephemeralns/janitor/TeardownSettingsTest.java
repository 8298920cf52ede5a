package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TeardownSettingsTest {

    private static TeardownSettings settings(Map<String, String> properties, boolean runOnce) {
        return TeardownSettings.from(TestConfig.mapping(properties).teardown(), runOnce);
    }

    @Test
    void isOffByDefaultWithAFiveMinuteGrace() {
        TeardownSettings settings = settings(Map.of(), false);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.port()).isEqualTo(8090);
    }

    @Test
    void enabledWithoutAnySecretStopsTheProgramNamingTheKeys() {
        assertThatThrownBy(() -> settings(Map.of("janitor.teardown.enabled", "true"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janitor.teardown.github-secret").hasMessageContaining("janitor.teardown.gitlab-secret");
    }

    @Test
    void runOnceNeverServesTheReceiver() {
        assertThat(settings(Map.of("janitor.teardown.enabled", "true", "janitor.teardown.github-secret", "s"), true)
                .enabled()).isFalse();
    }

    @Test
    void aBlankSecretCountsAsNone() {
        TeardownSettings settings = settings(Map.of("janitor.teardown.github-secret", "  ",
                "janitor.teardown.gitlab-secret", "token"), false);
        assertThat(settings.githubSecret()).isEmpty();
        assertThat(settings.gitlabSecret()).isPresent();
    }

    @Test
    void theLogLineNeverShowsASecret() {
        String line = settings(Map.of("janitor.teardown.enabled", "true", "janitor.teardown.github-secret",
                "do-not-print-me"), false).describe();
        assertThat(line).doesNotContain("do-not-print-me").contains("teardown.github=configured")
                .contains("teardown.gitlab=off");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
            "janitor.teardown.port, 70000",
            "janitor.teardown.max-body-bytes, 100",
            "janitor.teardown.replay-capacity, 0",
    })
    void refusesBadValuesNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of(key, value, "janitor.teardown.github-secret", "s"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key + "=" + value);
    }
}
