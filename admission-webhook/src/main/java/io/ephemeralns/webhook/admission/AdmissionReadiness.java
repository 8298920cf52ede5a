package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.namespaces.NamespaceCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the admission endpoints: up as soon as the program has started, whatever the API server does,
 * because every rule that needs cluster state decides without it (see {@code ClusterView}). Reports whether the
 * namespace cache has synced as information only.
 */
@Readiness
@ApplicationScoped
public class AdmissionReadiness implements HealthCheck {

    private final NamespaceCache cache;

    @Inject
    public AdmissionReadiness(NamespaceCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("admission").up().withData("namespace-cache-synced", cache.synced()).build();
    }
}
