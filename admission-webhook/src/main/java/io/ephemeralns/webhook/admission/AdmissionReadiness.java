package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.rules.ClusterView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the admission endpoints: up once the admission path has been warmed ({@link AdmissionWarmup}, which
 * gives up after a bounded time), whatever the API server does, because every rule that needs cluster state decides
 * without it (see {@link ClusterView}). Reports whether the namespace cache has synced as information only.
 */
@Readiness
@ApplicationScoped
public class AdmissionReadiness implements HealthCheck {

    private final ClusterView cluster;
    private final AdmissionWarmup warmup;

    @Inject
    public AdmissionReadiness(ClusterView cluster, AdmissionWarmup warmup) {
        this.cluster = cluster;
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("admission").status(warmup.done()).withData("warmed-up", warmup.warmed())
                .withData("namespace-cache-synced", cluster.synced()).build();
    }
}
