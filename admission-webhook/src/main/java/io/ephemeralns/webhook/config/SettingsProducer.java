package io.ephemeralns.webhook.config;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.runtime.OwnNamespace;
import io.ephemeralns.runtime.SharedConfig;
import io.ephemeralns.webhook.baseline.BaselineProfiles;
import io.ephemeralns.webhook.baseline.JanitorAccess;
import io.ephemeralns.webhook.baseline.ProfileSettings;
import io.ephemeralns.webhook.baseline.ProfileFileException;
import io.ephemeralns.webhook.rules.Exemptions;
import io.ephemeralns.webhook.rules.Policy;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the parsed settings once: the own namespace, the shared {@link CiSettings} (through
 * {@link SharedConfig#settings}, as in the janitor), the exemptions, the baseline profiles, the validating
 * {@link Policy} and the resync's {@link LeaseLeadership}. Singletons, not normal-scoped: records are final and
 * cannot be proxied.
 */
@ApplicationScoped
public class SettingsProducer {

    /** The classpath resource used when {@code webhook.profiles-file} is not set. */
    public static final String SHIPPED_PROFILES = "baseline-profiles.yaml";

    @Produces
    @Singleton
    OwnNamespaceName ownNamespace(SharedConfig config) {
        return new OwnNamespaceName(OwnNamespace.resolve(config.ownNamespace(), OwnNamespace.SERVICE_ACCOUNT_FILE));
    }

    @Produces
    @Singleton
    CiSettings settings(SharedConfig config, OwnNamespaceName own) {
        return SharedConfig.settings(config, own.value());
    }

    @Produces
    @Singleton
    LeaseLeadership resyncLeadership(KubernetesClient client, WebhookConfig config, OwnNamespaceName own) {
        return resyncLeadership(client, config.leaderElection(), own.value());
    }

    /**
     * Which replica runs the periodic resync of every CI namespace: the holder of the Lease
     * {@code webhook.leader-election.lease-name} in the product's namespace. Only the resync is elected; every replica
     * still answers admission requests and reconciles the namespaces its events point at (a new namespace must not
     * wait for a leader, and two replicas repairing the same object meet a 409 and converge). Without election
     * (disabled, or the own namespace unknown) every replica resyncs.
     */
    static LeaseLeadership resyncLeadership(KubernetesClient client, WebhookConfig.LeaderElection config,
            Optional<String> namespace) {
        if (!config.enabled() || namespace.isEmpty()) {
            return LeaseLeadership.off("resyncing",
                    config.enabled() ? "own namespace unknown" : "webhook.leader-election.enabled=false");
        }
        return new LeaseLeadership(client, "resyncing", new LeaseLeadership.Lease(namespace.get(), config.leaseName(),
                config.leaseDuration(), config.renewDeadline(), config.retryPeriod()));
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

    @Produces
    @Singleton
    BaselineProfiles profiles(WebhookConfig config, OwnNamespaceName own) {
        return loadProfiles(config.profilesFile(), new ProfileSettings(own.value(), config.janitorServiceAccount().trim(),
                config.janitorClusterRole().trim(), JanitorAccess.parse(config.janitorAccess())));
    }

    @Produces
    @Singleton
    Policy policy(CiSettings settings, Exemptions exemptions, WebhookConfig config, BaselineProfiles profiles) {
        return new Policy(settings, exemptions, config.maxNamespaces(), config.requireBaseline(), profiles.names(),
                profiles.reservedNames());
    }

    /** Reads the configured profiles file, or the shipped one, with the default settings and no own namespace. */
    public static BaselineProfiles loadProfiles(Optional<String> file) {
        return loadProfiles(file, ProfileSettings.defaults(Optional.empty()));
    }

    /** Reads the configured profiles file, or the shipped one; any problem names the file. */
    public static BaselineProfiles loadProfiles(Optional<String> file, ProfileSettings settings) {
        if (file.isPresent() && !file.get().isBlank()) {
            Path path = Path.of(file.get().trim());
            try {
                return BaselineProfiles.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8), settings);
            } catch (IOException e) {
                throw new ProfileFileException(path.toString(), null, "cannot be read (" + e + ")");
            }
        }
        try (InputStream in = SettingsProducer.class.getClassLoader().getResourceAsStream(SHIPPED_PROFILES)) {
            if (in == null) {
                throw new ProfileFileException("classpath:" + SHIPPED_PROFILES, null, "is missing from the program");
            }
            return BaselineProfiles.parse("classpath:" + SHIPPED_PROFILES, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    settings);
        } catch (IOException e) {
            throw new ProfileFileException("classpath:" + SHIPPED_PROFILES, null, "cannot be read (" + e + ")");
        }
    }

    /** The product's own namespace, when known. */
    public record OwnNamespaceName(Optional<String> value) {
    }
}
