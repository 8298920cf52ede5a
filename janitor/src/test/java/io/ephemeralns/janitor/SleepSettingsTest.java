package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SleepSettingsTest {

    private static SleepSettings settings(Map<String, String> properties) {
        JanitorConfig config = TestConfig.mapping(properties);
        return SleepSettings.from(config.sleep(), config.requireAdmission());
    }

    @Test
    void isOffByDefaultWithAOneMinuteInterval() {
        SleepSettings settings = settings(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.describe()).contains("sleep.after=off");
    }

    @Test
    void anEmptyAfterIsOff() {
        assertThat(settings(Map.of("janitor.sleep.after", "")).enabled()).isFalse();
    }

    @Test
    void readsAfterAndInterval() {
        SleepSettings settings = settings(Map.of("janitor.sleep.after", "2h", "janitor.sleep.interval", "5m"));
        assertThat(settings.after()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.describe()).isEqualTo("sleep.after=2h sleep.interval=5m");
    }

    @Test
    void aMalformedAfterStopsTheProgramNamingTheValue() {
        assertThatThrownBy(() -> settings(Map.of("janitor.sleep.after", "two hours")))
                .hasStackTraceContaining("two hours");
    }

    @Test
    void anIntervalInDaysIsRefusedLikeTheSweepInterval() {
        assertThatThrownBy(() -> settings(Map.of("janitor.sleep.interval", "1d"))).hasStackTraceContaining("use s, m or h");
    }

    @Test
    void sleepWithoutTheAdmissionWebhookIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("janitor.sleep.after", "2h", "janitor.require-admission", "false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janitor.sleep.after").hasMessageContaining("janitor.require-admission");
    }
}
