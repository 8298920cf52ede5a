package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiSettingsTest {

    private static CiSettings.Builder settings() {
        return CiSettings.builder().ownNamespace(Optional.of("ephemeral-ns"));
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
    void anInvalidSelectorNamesTheKey() {
        assertThatThrownBy(() -> settings().selector("created-by=ci cd").build())
                .hasMessageStartingWith("ephemeral-ns.selector: label selector \"created-by=ci cd\" is not valid");
    }

    @Test
    void anInvalidNamePatternNamesTheKey() {
        assertThatThrownBy(() -> settings().namePattern(Optional.of("^test-(")).build())
                .hasMessageStartingWith("ephemeral-ns.name-pattern=\"^test-(\" is not a valid regular expression");
    }

    @Test
    void anInvalidLabelKeyIsRefused() {
        assertThatThrownBy(() -> settings().ttlLabel("ttl=1h").build())
                .hasMessageStartingWith("ephemeral-ns.ttl-label=\"ttl=1h\" is not a label key");
    }

    @Test
    void minTtlLongerThanMaxTtlIsRefused() {
        assertThatThrownBy(() -> settings().minTtl(Duration.ofHours(2)).maxTtl(Duration.ofHours(1)).build())
                .hasMessageContaining("set min-ttl <= max-ttl");
    }

    @Test
    void aDefaultTtlOutsideTheBoundsIsRefused() {
        assertThatThrownBy(() -> settings().defaultTtl(Optional.of(Duration.ofDays(4))).build())
                .hasMessageContaining("ephemeral-ns.default-ttl (4d) must lie between min-ttl (1m) and max-ttl (3d)");
    }

    @Test
    void absentOptionalSettingsMeanOff() {
        CiSettings settings = settings().namePattern(Optional.of(" ")).defaultTtl(Optional.empty())
                .fallbackTtl(Optional.empty()).build();
        assertThat(settings.namePattern()).isEmpty();
        assertThat(settings.defaultTtl()).isEmpty();
        assertThat(settings.fallbackTtl()).isEmpty();
    }

    @Test
    void theSystemNamespacesStayProtectedWhateverIsConfigured() {
        CiSettings settings = CiSettings.builder().protectedNames(List.of(" shared ", "")).ownNamespace(Optional.of(" "))
                .build();
        assertThat(settings.protectedNames()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease",
                "default", "shared");
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
