package io.ephemeralns.webhook.config;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.webhook.rules.Exemptions;
import io.ephemeralns.webhook.rules.Policy;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Builds every setting at start-up, before anything else runs, so that a bad value or a malformed profiles file
 * stops the program with the key or the file in the message (the {@link Policy} holds the profiles' names, so
 * building it parses the profiles); then logs the effective configuration once.
 */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void onStart(@Observes @Priority(100) StartupEvent event, CiSettings settings, Policy policy, Exemptions exemptions,
            WebhookConfig config, SettingsProducer.OwnNamespaceName own) {
        // durations are positive by their grammar (TtlConverter); only their order is left to check
        if (config.retryMax().compareTo(config.retryInitial()) < 0) {
            throw new IllegalArgumentException("webhook.retry-initial (" + Ttl.format(config.retryInitial())
                    + ") must be positive and at most webhook.retry-max (" + Ttl.format(config.retryMax()) + "), e.g. 1s and 5m");
        }
        if (own.value().isEmpty()) {
            LOG.warn("own namespace unknown (set ephemeral-ns.own-namespace): the product's service accounts are not exempt,"
                    + " the janitor's access to CI namespaces is off and every replica runs the periodic resync");
        }
        LOG.infof("ephemeral-ns webhook settings: %s", settings.describe());
        LOG.infof("ephemeral-ns webhook: own-namespace=%s exempt-users=%s exempt-groups=%s max-namespaces=%s"
                        + " require-baseline=%s resync-period=%s retry=%s..%s janitor-access=%s (%s/%s -> %s) leader-election=%s"
                        + " profiles=%s reserved-names=%s",
                own.value().orElse("(unknown)"), new TreeSet<>(exemptions.users()), new TreeSet<>(exemptions.groups()),
                policy.maxNamespaces() == 0 ? "0 (off)" : policy.maxNamespaces(), policy.requireBaseline(),
                Ttl.format(config.resyncPeriod()), Ttl.format(config.retryInitial()), Ttl.format(config.retryMax()),
                config.janitorAccess(),
                own.value().orElse("(unknown)"), config.janitorServiceAccount(), config.janitorClusterRole(),
                config.leaderElection().enabled(), new TreeSet<>(policy.profiles()), policy.reservedNames());
    }
}
