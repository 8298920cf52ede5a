package io.ephemeralns.janitor;

import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.DryRunActions;
import io.ephemeralns.janitor.act.ExclusiveDeletions;
import io.ephemeralns.janitor.act.LiveActions;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.capture.Capture;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ApiServerTime;
import io.ephemeralns.janitor.kube.BaselineQuotas;
import io.ephemeralns.janitor.kube.MetadataPages;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.RepairRequests;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.report.ReportSnapshot;
import io.ephemeralns.janitor.sweep.StuckNamespaces;
import io.ephemeralns.janitor.sweep.OnlyOursReads;
import io.ephemeralns.janitor.sweep.Sweeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ephemeralns.janitor.kube.NamespaceWatch;
import io.ephemeralns.janitor.watch.DeletionWindow;
import io.ephemeralns.janitor.watch.DueDeletions;
import io.ephemeralns.janitor.watch.DueQueue;
import io.ephemeralns.janitor.watch.EventDrivenExpiry;
import io.ephemeralns.janitor.watch.ListWatch;
import io.ephemeralns.janitor.watch.CacheOrListing;
import io.ephemeralns.janitor.watch.NamespaceCache;
import io.ephemeralns.janitor.warn.Warnings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the sweep from the validated {@link JanitorSettings}, once: the one place that knows the configuration,
 * so that the packages below take plain values and never depend on this one. Dry-run is chosen here
 * ({@link DryRunActions} or {@link LiveActions}, never two deletions of one namespace at once:
 * {@link ExclusiveDeletions}) and nowhere else. In the Deployment mode with {@code janitor.watch}
 * it also starts the event path ({@link EventDrivenExpiry}), and the sweep plans from its cache.
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
            JanitorMetrics metrics, Clock clock, Capture capture) {
        if (config.dryRun()) {
            return new ExclusiveDeletions(new DryRunActions());
        }
        return new ExclusiveDeletions(new LiveActions(lister, new NamespaceDeleter(client, settings.podDrainTimeout()),
                repairs, events, planner, gate, rate, metrics, clock, settings.policy().stuckAfter(), capture));
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

    /**
     * The sweep's namespaces: the watch-fed cache in the Deployment mode with {@code janitor.watch}, else listed; and
     * with {@code janitor.capacity} (not in run-once mode), the baseline quotas, listed at most once per
     * {@code janitor.capacity-interval}.
     */
    @Produces
    @Singleton
    Sweeper sweeper(JanitorSettings settings, JanitorConfig config, NamespaceLister lister, NamespaceCache cache,
            SweepPlanner planner, Actions actions, DeletionRunner deletions, StuckNamespaces stuck, ActionGate gate,
            ApiServerTime serverTime, ApiDiscovery discovery, JanitorMetrics metrics, ReportSnapshot snapshots,
            Clock clock, BaselineQuotas quotas, Warnings warnings) {
        return new Sweeper(settings.watch() ? cache : lister, new OnlyOursReads(lister::read), planner, actions, deletions, stuck, gate,
                serverTime, discovery, metrics, snapshots, clock, settings.maxClockSkew(),
                config.capacity() && !config.runOnce() ? quotas : null, warnings);
    }

    @Produces
    @Singleton
    BaselineQuotas quotas(KubernetesClient client, JanitorConfig config) {
        return new BaselineQuotas(client, config.pageSize(), config.capacityInterval());
    }

    /** The namespaces for the readers that answer at once: the cache once synced, else listed. */
    @Produces
    @Singleton
    CacheOrListing cacheOrListing(JanitorSettings settings, NamespaceCache cache, NamespaceLister lister) {
        return new CacheOrListing(settings.watch(), cache, lister);
    }

    @Produces
    @Singleton
    NamespaceCache cache(NamespaceLister lister) {
        return new NamespaceCache(lister.listings().size(), Duration.ofSeconds(30));
    }

    /**
     * The event path: watches feeding the cache, and deletions at expiry (per-sweep cap per interval window) with the
     * warnings before them.
     */
    @Produces
    @Singleton
    EventDrivenExpiry eventPath(JanitorSettings settings, KubernetesClient client, NamespaceLister lister,
            NamespaceCache cache, SweepPlanner planner, DeletionRunner deletionRunner, LeaseLeadership leadership,
            JanitorMetrics metrics, Clock clock, Warnings warnings) {
        List<ListWatch> watches = new ArrayList<>();
        for (int i = 0; i < lister.listings().size(); i++) {
            watches.add(new ListWatch(lister, new NamespaceWatch(client), i, cache, settings.relistInterval()));
        }
        DueDeletions deletions = new DueDeletions(cache, new DueQueue(), planner, deletionRunner, leadership::isLeader,
                new DeletionWindow(settings.policy().maxDeletions(), settings.interval()), metrics, clock, warnings);
        return new EventDrivenExpiry(cache, watches, deletions);
    }

    void startEventPath(@Observes StartupEvent event, JanitorSettings settings, Instance<EventDrivenExpiry> eventPath) {
        if (settings.watch()) {
            eventPath.get().start();
        }
    }

    void stopEventPath(@Observes ShutdownEvent event, JanitorSettings settings, Instance<EventDrivenExpiry> eventPath) {
        if (settings.watch()) {
            eventPath.get().stop();
        }
    }
}
