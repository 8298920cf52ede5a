package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.config.WebhookSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Parses the baseline profiles once, with the janitor's names and access from the settings. The admission policy
 * needs them (profile names, reserved object names), so a malformed file stops the program at start-up with the
 * file, the document and the reason in the message. A singleton, not normal-scoped: nothing to proxy.
 */
@ApplicationScoped
public class ProfilesProducer {

    private static final Logger LOG = Logger.getLogger(ProfilesProducer.class);

    @Produces
    @Singleton
    BaselineProfiles profiles(WebhookSettings settings) {
        BaselineProfiles profiles = ProfilesFile.load(settings.profilesFile(), new ProfileSettings(settings.ownNamespace(),
                settings.janitorServiceAccount(), settings.janitorClusterRole(), settings.janitorAccess()));
        LOG.infof("ephemeral-ns webhook baseline profiles: %s", profiles.describe());
        return profiles;
    }
}
