package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.baseline.BaselineProfiles;
import io.ephemeralns.webhook.config.WebhookSettings;
import io.ephemeralns.webhook.rules.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the validating {@link Policy} once, from the settings and the baseline profiles' names (a namespace may only
 * ask for a profile that exists, and only the product may create objects with a baseline object's name). A singleton,
 * not normal-scoped: records are final and cannot be proxied.
 */
@ApplicationScoped
public class PolicyProducer {

    @Produces
    @Singleton
    Policy policy(WebhookSettings settings, BaselineProfiles profiles) {
        return new Policy(settings.shared(), settings.exemptions(), settings.maxNamespaces(), settings.requireBaseline(),
                profiles.names(), profiles.reservedNames());
    }
}
