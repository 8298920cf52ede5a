package io.ephemeralns.webhook.config;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.runtime.OwnNamespace;
import io.ephemeralns.runtime.SharedConfig;
import io.ephemeralns.webhook.rules.Exemptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the parsed settings once: the own namespace, the shared {@link CiSettings} (through
 * {@link SharedConfig#settings}, as in the janitor), the exemptions and the resync's {@link LeaseLeadership}. The
 * baseline profiles are parsed in their own package ({@code baseline.ProfilesProducer}), which reads these settings;
 * nothing here reads them. Singletons, not normal-scoped: records are final and cannot be proxied.
 */
@ApplicationScoped
public class SettingsProducer {


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

    /** The product's own namespace, when known. */
    public record OwnNamespaceName(Optional<String> value) {
    }
}
