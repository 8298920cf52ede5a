package io.ephemeralns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Ttl;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ephemeral-ns.*} keys as the programs' configuration reads them: defaults, converter, empty = off. */
class SharedConfigTest {

    static SharedConfig mapping(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(SharedConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(SharedConfig.class);
    }

    private static CiSettings settings(Map<String, String> properties) {
        return SharedConfig.settings(mapping(properties), Optional.of("ephemeral-ns"));
    }

    @Test
    void everySharedKeyHasItsDocumentedDefault() {
        CiSettings settings = settings(Map.of());
        assertThat(settings.labelWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.describe()).isEqualTo(CiSettings.defaults("ephemeral-ns").describe());
    }

    @Test
    void readsTheLabelWindowFromTheConfiguration() {
        assertThat(settings(Map.of("ephemeral-ns.label-window", "20s")).labelWindow()).isEqualTo(Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({"ephemeral-ns.max-ttl, 72H", "ephemeral-ns.label-window, 0s"})
    void anInvalidDurationNamesTheKeyTheValueAndTheAcceptedForms(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of(key, value)))
                .hasMessageContaining(key)
                .hasMessageContaining("\"" + value + "\" is not a valid duration: " + Ttl.ACCEPTED);
    }

    @Test
    void blankOptionalDurationsMeanOff() {
        CiSettings settings = settings(Map.of("ephemeral-ns.default-ttl", " ", "ephemeral-ns.fallback-ttl", ""));
        assertThat(settings.defaultTtl()).isEmpty();
        assertThat(settings.fallbackTtl()).isEmpty();
    }

    @Test
    void readsEveryKeyFromTheConfigurationAndDefaultsTheRest() {
        CiSettings settings = settings(Map.of(
                "ephemeral-ns.selector", "owner=ci",
                "ephemeral-ns.default-ttl", "2h",
                "ephemeral-ns.fallback-ttl", "",
                "ephemeral-ns.protected", "kube-system,shared"));
        assertThat(settings.selector().toString()).isEqualTo("owner=ci");
        assertThat(settings.defaultTtl()).contains(Duration.ofHours(2));
        assertThat(settings.fallbackTtl()).isEmpty();
        assertThat(settings.maxLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.protectedNames()).contains("shared", "default", "ephemeral-ns");
    }

    @Test
    void theOwnNamespaceIsReadAsConfigured() {
        assertThat(mapping(Map.of("ephemeral-ns.own-namespace", "ops")).ownNamespace()).contains("ops");
        assertThat(mapping(Map.of()).ownNamespace()).isEmpty();
    }
}
