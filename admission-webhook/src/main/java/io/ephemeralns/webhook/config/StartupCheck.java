package io.ephemeralns.webhook.config;

import io.ephemeralns.webhook.rules.Policy;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Builds every setting at start-up, before anything else runs, so that a bad value or a malformed profiles file
 * stops the program with the key or the file in the message ({@link WebhookSettings} validates the configuration;
 * the {@link Policy} holds the profiles' names, so building it parses the profiles); then logs the effective
 * configuration once.
 */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    void onStart(@Observes @Priority(100) StartupEvent event, WebhookSettings settings, Policy policy,
            WebhookConfig config) {
        if (settings.ownNamespace().isEmpty()) {
            LOG.warn("own namespace unknown (set ephemeral-ns.own-namespace): the product's service accounts are not exempt,"
                    + " the janitor's access to CI namespaces is off and every replica runs the periodic resync");
        }
        LOG.infof("ephemeral-ns webhook settings: %s", settings.shared().describe());
        LOG.infof("ephemeral-ns webhook: %s leader-election=%s profiles=%s reserved-names=%s", settings.describe(),
                config.leaderElection().enabled(), new TreeSet<>(policy.profiles()), policy.reservedNames());
    }
}
