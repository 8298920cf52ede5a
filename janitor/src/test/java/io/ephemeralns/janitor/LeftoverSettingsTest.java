package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.janitor.stuck.GroupResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeftoverSettingsTest {

    private static LeftoverSettings settings(Map<String, String> properties) {
        return LeftoverSettings.from(TestConfig.mapping(properties).leftovers(), false);
    }

    @Test
    void isOffByDefaultWithRbacAndWebhookKindsAndNoCrd() {
        LeftoverSettings settings = settings(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.resources()).containsExactly(
                new GroupResource("rbac.authorization.k8s.io", "clusterroles"),
                new GroupResource("rbac.authorization.k8s.io", "clusterrolebindings"),
                new GroupResource("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
                new GroupResource("admissionregistration.k8s.io", "mutatingwebhookconfigurations"));
        assertThat(settings.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.exclude()).isEmpty();
        assertThat(settings.maxDeletions()).isEqualTo(20);
    }

    @Test
    void readsACoreResourceWithoutGroupAndDropsDuplicates() {
        LeftoverSettings settings = settings(Map.of("janitor.leftovers.enabled", "true",
                "janitor.leftovers.resources", "storageclasses.storage.k8s.io,storageclasses.storage.k8s.io,widgets"));
        assertThat(settings.resources()).containsExactly(new GroupResource("storage.k8s.io", "storageclasses"),
                new GroupResource("", "widgets"));
    }

    @Test
    void runOnceModeTurnsTheLeftoversOff() {
        assertThat(LeftoverSettings.from(TestConfig.mapping(Map.of("janitor.leftovers.enabled", "true")).leftovers(), true)
                .enabled()).isFalse();
    }

    @ParameterizedTest(name = "resource {0} is refused")
    @ValueSource(strings = {"namespaces", "persistentvolumes", "nodes", "ClusterRoles.rbac.authorization.k8s.io",
            "cluster roles", "clusterroles/status"})
    void aResourceThatIsNotAcceptedIsRefusedNamingTheKey(String resource) {
        assertThatThrownBy(() -> settings(Map.of("janitor.leftovers.resources", resource)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("janitor.leftovers.resources");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = ';', value = {"janitor.leftovers.max-deletions-per-sweep; 0",
            "janitor.leftovers.exclude; shared-(", "janitor.leftovers.grace; 0h", "janitor.leftovers.interval; soon"})
    void aBadValueStopsTheProgramNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of("janitor.leftovers.enabled", "true", key, value)))
                .hasMessageContaining(key.substring("janitor.leftovers.".length()));
    }

    @Test
    void excludeRegexesMatchTheWholeName() {
        LeftoverSettings settings = settings(Map.of("janitor.leftovers.exclude", "shared-.*,platform-admin"));
        assertThat(settings.exclude()).extracting(pattern -> pattern.matcher("shared-viewer").matches())
                .containsExactly(true, false);
        assertThat(settings.describe()).contains("leftovers.exclude=shared-.*,platform-admin");
    }
}
