package io.ephemeralns.webhook.config;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.OwnNamespace;
import io.ephemeralns.webhook.rules.Exemptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the parsed settings once: the shared {@link CiSettings} (through {@code CiSettings.fromConfig}, the one
 * parser both programs use), the product's own namespace and the exemptions. The baseline profiles are parsed in
 * their own package ({@code baseline.ProfilesProducer}), which reads these settings; nothing here reads them.
 * Singletons, not normal-scoped: records are final and cannot be proxied.
 */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    OwnNamespaceName ownNamespace(Config config) {
        return new OwnNamespaceName(OwnNamespace.resolve(config.getOptionalValue("ephemeral-ns.own-namespace", String.class),
                OwnNamespace.SERVICE_ACCOUNT_FILE));
    }

    @Produces
    @Singleton
    CiSettings settings(Config config, OwnNamespaceName own) {
        return CiSettings.fromConfig(key -> config.getOptionalValue(key, String.class), own.value().orElse(""));
    }

    @Produces
    @Singleton
    Exemptions exemptions(WebhookConfig config, OwnNamespaceName own) {
        Set<String> users = new LinkedHashSet<>();
        own.value().ifPresent(namespace -> config.serviceAccounts().stream().map(String::trim).filter(s -> !s.isEmpty())
                .forEach(account -> users.add("system:serviceaccount:" + namespace + ":" + account)));
        config.exemptUsers().ifPresent(list -> list.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(users::add));
        return new Exemptions(users, new LinkedHashSet<>(config.exemptGroups()));
    }

    /** The product's own namespace, when known. */
    public record OwnNamespaceName(Optional<String> value) {
    }
}
