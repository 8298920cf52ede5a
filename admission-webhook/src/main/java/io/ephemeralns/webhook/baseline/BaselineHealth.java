package io.ephemeralns.webhook.baseline;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The baseline controller's own health, at {@code /q/health/group/baseline}: down until the namespace cache has
 * synced and while a namespace waits for a retry. Deliberately not a readiness check: {@code /q/health/ready} gates admission
 * traffic, and admission must keep answering while the API server hiccups (failurePolicy would otherwise turn an
 * API-server problem into refused namespaces cluster-wide). Alert on this group and on
 * {@code ephemeral_ns_baseline_reconciles_total{result="failed"}} instead.
 */
@HealthGroup("baseline")
@ApplicationScoped
public class BaselineHealth implements HealthCheck {

    private final BaselineController controller;

    @Inject
    public BaselineHealth(BaselineController controller) {
        this.controller = controller;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("baseline-reconciler")
                .status(controller.healthy())
                .withData("namespace-cache-synced", controller.namespaceCacheSynced())
                .withData("namespaces-waiting-for-retry", controller.failing())
                .withData("namespaces-queued", controller.waiting())
                .withData("resync-leader", controller.resyncLeader());
        controller.lastSuccess().ifPresent(at -> builder.withData("last-success", at.toString()));
        controller.lastError().ifPresent(error -> builder.withData("last-error", error));
        return builder.build();
    }
}
