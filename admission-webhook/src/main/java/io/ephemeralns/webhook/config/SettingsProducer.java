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
import java.util.Optional;

/**
 * Builds the {@link WebhookSettings} once, resolving the own namespace once (configured, else the pod's service
 * account file), and hands out its parts that other beans read: the shared {@link CiSettings}, the
 * {@link Exemptions} and the resync's {@link LeaseLeadership}. Singletons, not normal-scoped: records are final and
 * cannot be proxied.
 */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    WebhookSettings settings(WebhookConfig config, SharedConfig shared) {
        Optional<String> own = OwnNamespace.resolve(shared.ownNamespace(), OwnNamespace.SERVICE_ACCOUNT_FILE);
        return WebhookSettings.from(config, SharedConfig.settings(shared, own), own);
    }

    @Produces
    @Singleton
    CiSettings shared(WebhookSettings settings) {
        return settings.shared();
    }

    @Produces
    @Singleton
    Exemptions exemptions(WebhookSettings settings) {
        return settings.exemptions();
    }

    @Produces
    @Singleton
    LeaseLeadership resyncLeadership(KubernetesClient client, WebhookConfig config, WebhookSettings settings) {
        return resyncLeadership(client, config.leaderElection(), settings.ownNamespace());
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
}
