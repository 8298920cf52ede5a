package io.ephemeralns.janitor;

import io.ephemeralns.common.Admission;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ClusterObjects;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.leftovers.LeftoverMetrics;
import io.ephemeralns.janitor.leftovers.LeftoverPlanner;
import io.ephemeralns.janitor.leftovers.LeftoverSweep;
import io.ephemeralns.janitor.leftovers.OwnerMemory;
import io.ephemeralns.janitor.leftovers.OwnerObservation;
import io.ephemeralns.janitor.leftovers.Protection;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.stuck.GroupResource;
import io.ephemeralns.janitor.watch.NamespaceCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds the cluster-scoped leftovers from {@link LeftoverSettings}, next to {@link JanitorComponents}; they run in
 * {@link ScheduledLeftovers}. Nothing is built while {@code janitor.leftovers.enabled} is false (the default) or in
 * run-once mode.
 */
@ApplicationScoped
class LeftoverComponents {

    private static final Logger LOG = Logger.getLogger(LeftoverComponents.class);

    /** Validates {@code janitor.leftovers.*} (a bad value stops the program) and logs it once. */
    @Produces
    @Singleton
    LeftoverSettings settings(JanitorConfig config) {
        return logged(LeftoverSettings.from(config.leftovers(), config.runOnce()));
    }

    private static LeftoverSettings logged(LeftoverSettings leftovers) {
        LOG.infof("janitor leftover settings: %s", leftovers.describe());
        return leftovers;
    }

    @Produces
    @Singleton
    LeftoverSweep sweep(LeftoverSettings leftovers, JanitorSettings settings, JanitorConfig config,
            KubernetesClient client, ApiDiscovery discovery, NamespaceLister lister, NamespaceCache cache,
            SweepPlanner sweepPlanner, ActionGate gate, TokenBucket rate, MeterRegistry registry, Clock clock) {
        List<String> resources = leftovers.resources().stream().map(GroupResource::display).toList();
        LeftoverPlanner planner = new LeftoverPlanner(resources, new Protection(leftovers.exclude()), leftovers.grace(),
                leftovers.maxDeletions());
        boolean watch = settings.watch();
        OwnerMemory memory = new OwnerMemory();
        OwnerObservation observation = new OwnerObservation(memory, watch ? cache : lister, watch ? cache::synced : () -> true,
                namespace -> sweepPlanner.admission(namespace).filter(v -> v == Admission.Verdict.ADMITTED).isPresent(),
                clock);
        LeftoverSweep.Parts parts = new LeftoverSweep.Parts(new ClusterObjects(client, config.pageSize()), discovery,
                leftovers.resources(), planner, memory, gate, rate, config.dryRun(), new LeftoverMetrics(registry, resources),
                clock, leftovers.interval());
        return new LeftoverSweep(parts, observation, !watch);
    }
}
