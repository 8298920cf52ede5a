package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CiSettingsTest {

    private static CiSettings settings(String selector, String pattern, String ttlLabel, String min, String max,
            String defaultTtl, String keepFor, String maxLifetime, String fallback) {
        return CiSettings.parse(selector, pattern, List.of(), "ephemeral-ns", ttlLabel, "keep", min, max, defaultTtl,
                keepFor, maxLifetime, fallback);
    }

    @Test
    void theDefaultsAreTheContracts() {
        CiSettings defaults = CiSettings.defaults("ephemeral-ns");
        assertThat(defaults.selector().toString()).isEqualTo("created-by=ci-cd");
        assertThat(defaults.namePattern()).isEmpty();
        assertThat(defaults.protectedNames())
                .containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease", "default", "ephemeral-ns");
        assertThat(defaults.ttlLabel()).isEqualTo("ttl");
        assertThat(defaults.keepLabel()).isEqualTo("keep");
        assertThat(defaults.minTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.maxTtl()).isEqualTo(Duration.ofHours(72));
        assertThat(defaults.defaultTtl()).isEmpty();
        assertThat(defaults.keepFor()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.maxLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.fallbackTtl()).contains(Duration.ofHours(24));
        assertThat(defaults.labelWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everySharedKeyHasItsDocumentedDefault() {
        assertThat(CiSettings.KEYS).containsEntry("ephemeral-ns.label-window", "5m").hasSize(12);
    }

    @Test
    void anInvalidLabelWindowNamesTheKey() {
        assertThatThrownBy(() -> CiSettings.parse("created-by=ci-cd", "", List.of(), "ephemeral-ns", "ttl", "keep",
                "1m", "72h", "", "24h", "7d", "24h", "0s"))
                .hasMessage("ephemeral-ns.label-window=\"0s\" is not a valid duration: " + Ttl.ACCEPTED);
    }

    @Test
    void readsTheLabelWindowFromTheConfiguration() {
        CiSettings settings = CiSettings.fromConfig(
                key -> java.util.Optional.ofNullable(java.util.Map.of("ephemeral-ns.label-window", "20s").get(key)), "ephemeral-ns");
        assertThat(settings.labelWindow()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anInvalidDurationNamesTheKeyTheValueAndTheAcceptedForms() {
        assertThatThrownBy(() -> settings("created-by=ci-cd", "", "ttl", "1m", "72H", "", "24h", "7d", "24h"))
                .hasMessage("ephemeral-ns.max-ttl=\"72H\" is not a valid duration: " + Ttl.ACCEPTED);
    }

    @Test
    void anInvalidSelectorNamesTheKey() {
        assertThatThrownBy(() -> settings("created-by=ci cd", "", "ttl", "1m", "72h", "", "24h", "7d", "24h"))
                .hasMessageStartingWith("ephemeral-ns.selector: label selector \"created-by=ci cd\" is not valid");
    }

    @Test
    void anInvalidNamePatternNamesTheKey() {
        assertThatThrownBy(() -> settings("created-by=ci-cd", "^test-(", "ttl", "1m", "72h", "", "24h", "7d", "24h"))
                .hasMessageStartingWith("ephemeral-ns.name-pattern=\"^test-(\" is not a valid regular expression");
    }

    @Test
    void anInvalidLabelKeyIsRefused() {
        assertThatThrownBy(() -> settings("created-by=ci-cd", "", "ttl=1h", "1m", "72h", "", "24h", "7d", "24h"))
                .hasMessageStartingWith("ephemeral-ns.ttl-label=\"ttl=1h\" is not a label key");
    }

    @Test
    void minTtlLongerThanMaxTtlIsRefused() {
        assertThatThrownBy(() -> settings("created-by=ci-cd", "", "ttl", "2h", "1h", "", "24h", "7d", "24h"))
                .hasMessageContaining("set min-ttl <= max-ttl");
    }

    @Test
    void aDefaultTtlOutsideTheBoundsIsRefused() {
        assertThatThrownBy(() -> settings("created-by=ci-cd", "", "ttl", "1m", "72h", "4d", "24h", "7d", "24h"))
                .hasMessageContaining("ephemeral-ns.default-ttl (4d) must lie between min-ttl (1m) and max-ttl (3d)");
    }

    @Test
    void blankOptionalDurationsMeanOff() {
        CiSettings settings = settings("created-by=ci-cd", "", "ttl", "1m", "72h", " ", "24h", "7d", "");
        assertThat(settings.defaultTtl()).isEmpty();
        assertThat(settings.fallbackTtl()).isEmpty();
    }

    @Test
    void theSystemNamespacesStayProtectedWhateverIsConfigured() {
        CiSettings settings = CiSettings.parse("created-by=ci-cd", "", List.of(" shared ", ""), "", "ttl", "keep",
                "1m", "72h", "", "24h", "7d", "24h");
        assertThat(settings.protectedNames()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease",
                "default", "shared");
    }

    @Test
    void readsEveryKeyFromTheConfigurationAndDefaultsTheRest() {
        java.util.Map<String, String> config = java.util.Map.of(
                "ephemeral-ns.selector", "owner=ci",
                "ephemeral-ns.default-ttl", "2h",
                "ephemeral-ns.fallback-ttl", "",
                "ephemeral-ns.protected", "kube-system,shared");
        CiSettings settings = CiSettings.fromConfig(key -> java.util.Optional.ofNullable(config.get(key)), "ephemeral-ns");
        assertThat(settings.selector().toString()).isEqualTo("owner=ci");
        assertThat(settings.defaultTtl()).contains(Duration.ofHours(2));
        assertThat(settings.fallbackTtl()).isEmpty();
        assertThat(settings.maxLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.protectedNames()).contains("shared", "default", "ephemeral-ns");
    }

    @Test
    void describesTheSettingsInForceInOneLine() {
        assertThat(CiSettings.defaults("ephemeral-ns").describe())
                .isEqualTo("selector=created-by=ci-cd name-pattern=(off)"
                        + " protected=default,ephemeral-ns,kube-node-lease,kube-public,kube-system"
                        + " ttl-label=ttl keep-label=keep min-ttl=1m max-ttl=3d default-ttl=(off: ttl required)"
                        + " keep-for=1d max-lifetime=1w fallback-ttl=1d label-window=5m");
    }
}
