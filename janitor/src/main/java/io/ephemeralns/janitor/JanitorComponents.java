package io.ephemeralns.janitor;

import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.DryRunActions;
import io.ephemeralns.janitor.act.LiveActions;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ApiServerTime;
import io.ephemeralns.janitor.kube.MetadataPages;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.RepairRequests;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.report.ReportSnapshot;
import io.ephemeralns.janitor.sweep.StuckNamespaces;
import io.ephemeralns.janitor.sweep.Sweeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Builds the sweep from the validated {@link JanitorSettings}, once: the one place that knows the configuration,
 * so that the packages below take plain values and never depend on this one. Dry-run is chosen here
 * ({@link DryRunActions} or {@link LiveActions}) and nowhere else.
 */
@ApplicationScoped
class JanitorComponents {

    @Produces
    @Singleton
    SweepPlanner planner(JanitorSettings settings) {
        return new SweepPlanner(settings.shared(), settings.policy());
    }

    @Produces
    @Singleton
    NamespaceLister lister(KubernetesClient client, JanitorSettings settings, JanitorConfig config) {
        return new NamespaceLister(client, settings.shared().selector(), config.pageSize());
    }

    @Produces
    @Singleton
    MetadataPages pages(KubernetesClient client, JanitorConfig config) {
        return new MetadataPages(client, config.pageSize());
    }

    @Produces
    @Singleton
    ActionGate gate(LeaseLeadership leadership, JanitorMetrics metrics) {
        return new ActionGate(leadership::isLeader, metrics);
    }

    @Produces
    @Singleton
    Actions actions(JanitorConfig config, JanitorSettings settings, KubernetesClient client, NamespaceLister lister,
            RepairRequests repairs, NamespaceEvents events, SweepPlanner planner, ActionGate gate, TokenBucket rate,
            JanitorMetrics metrics, Clock clock) {
        if (config.dryRun()) {
            return new DryRunActions();
        }
        return new LiveActions(lister, new NamespaceDeleter(client, settings.podDrainTimeout()), repairs, events,
                planner, gate, rate, metrics, clock, settings.policy().stuckAfter());
    }

    @Produces
    @Singleton
    DeletionRunner deletions(JanitorSettings settings, Actions actions, JanitorMetrics metrics) {
        return new DeletionRunner(actions, metrics, settings.deletionConcurrency());
    }

    @Produces
    @Singleton
    StuckNamespaces stuck(JanitorSettings settings, NamespaceLister lister, ApiDiscovery discovery, MetadataPages pages,
            SweepPlanner planner, Actions actions, JanitorMetrics metrics, Clock clock) {
        return new StuckNamespaces(lister, discovery, pages, planner, actions, metrics, clock, settings.stuck());
    }

    @Produces
    @Singleton
    Sweeper sweeper(JanitorSettings settings, NamespaceLister lister, SweepPlanner planner, Actions actions,
            DeletionRunner deletions, StuckNamespaces stuck, ActionGate gate, ApiServerTime serverTime,
            ApiDiscovery discovery, JanitorMetrics metrics, ReportSnapshot snapshots, Clock clock) {
        return new Sweeper(lister, planner, actions, deletions, stuck, gate, serverTime, discovery, metrics, snapshots,
                clock, settings.maxClockSkew());
    }
}
