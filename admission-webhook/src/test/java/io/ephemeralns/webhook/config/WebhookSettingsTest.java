package io.ephemeralns.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.CiSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code webhook.*} keys as the program reads them, validated once into {@link WebhookSettings}. */
class WebhookSettingsTest {

    private static WebhookSettings settings(Map<String, String> properties, Optional<String> own) {
        WebhookConfig config = new SmallRyeConfigBuilder().withMapping(WebhookConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(WebhookConfig.class);
        return WebhookSettings.from(config, CiSettings.defaults(own.orElse("")), own);
    }

    @Test
    void everyWebhookKeyHasItsDocumentedDefault() {
        WebhookSettings settings = settings(Map.of(), Optional.of("ephemeral-ns"));
        assertThat(settings.resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.retryInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.retryMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.janitorAccess()).isEqualTo(JanitorAccess.FINALIZER);
        assertThat(settings.requireBaseline()).isTrue();
        assertThat(settings.maxNamespaces()).isZero();
        assertThat(settings.profilesFile()).isEmpty();
    }

    @Test
    void theProductsServiceAccountsInItsOwnNamespaceAreExempt() {
        WebhookSettings settings = settings(Map.of("webhook.exempt-users", "alice, ,bob"), Optional.of("ephemeral-ns"));
        assertThat(settings.exemptions().users()).containsExactlyInAnyOrder(
                "system:serviceaccount:ephemeral-ns:ephemeral-ns-janitor",
                "system:serviceaccount:ephemeral-ns:ephemeral-ns-webhook", "alice", "bob");
        assertThat(settings.exemptions().groups()).containsExactly("system:masters");
    }

    @Test
    void withoutAnOwnNamespaceNoServiceAccountIsExempt() {
        assertThat(settings(Map.of(), Optional.empty()).exemptions().users()).isEmpty();
    }

    @Test
    void aFirstRetryLongerThanTheLongestIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("webhook.retry-initial", "10m", "webhook.retry-max", "1m"),
                Optional.of("ephemeral-ns")))
                .hasMessage("webhook.retry-initial (10m) must be positive and at most webhook.retry-max (1m), e.g. 1s and 5m");
    }

    @Test
    void anUnknownJanitorAccessIsRefusedNamingTheAcceptedValues() {
        assertThatThrownBy(() -> settings(Map.of("webhook.janitor-access", "always"), Optional.of("ephemeral-ns")))
                .hasMessage("webhook.janitor-access=always is not one of finalizer, binding, off");
    }

    @Test
    void aBlankProfilesFileMeansTheShippedOne() {
        assertThat(settings(Map.of("webhook.profiles-file", " "), Optional.of("ephemeral-ns")).profilesFile()).isEmpty();
    }
}
