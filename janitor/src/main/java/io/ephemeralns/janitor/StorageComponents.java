package io.ephemeralns.janitor;

import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.storage.CiNamespaces;
import io.ephemeralns.janitor.storage.PersistentVolumes;
import io.ephemeralns.janitor.storage.StorageMetrics;
import io.ephemeralns.janitor.storage.StorageSnapshot;
import io.ephemeralns.janitor.storage.VolumeActions;
import io.ephemeralns.janitor.storage.VolumePlanner;
import io.ephemeralns.janitor.storage.VolumeScan;
import io.ephemeralns.janitor.watch.CacheOrListing;
import io.ephemeralns.runtime.LeaseLeadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Builds the leaked-storage scan from {@link StorageSettings}, next to {@link JanitorComponents}, and runs it: at every
 * {@code janitor.interval} tick the leader scans when its last scan is {@code janitor.storage.interval} old, and a
 * replica that does not lead exports no leak figures. Never in run-once mode. Dry-run reaches the scan from here; the
 * CI namespaces come from the watch-fed cache when it is synced (no request), else from a listing. The scan and its
 * meters are built at the first tick only, so a janitor without {@code janitor.storage.enabled} has neither.
 */
@ApplicationScoped
class StorageComponents {

    @Inject
    LeaseLeadership leadership;

    @Inject
    Instance<VolumeScan> scans;

    /** Validates {@code janitor.storage.*} once; a bad value stops the program. */
    @Produces
    @Singleton
    StorageSettings storageSettings(JanitorConfig config) {
        return StorageSettings.from(config.storage(), config.runOnce());
    }

    /** The report's source: empty until the first scan, and always while the scan is off. */
    @Produces
    @Singleton
    StorageSnapshot storageSnapshot() {
        return new StorageSnapshot();
    }

    @Produces
    @Singleton
    VolumeScan scan(StorageSettings storage, JanitorConfig config, KubernetesClient client, CacheOrListing namespaces,
            SweepPlanner scope, ActionGate gate, TokenBucket rate,
            MeterRegistry registry, JanitorMetrics errors, StorageSnapshot snapshot, Clock clock) {
        VolumePlanner planner = new VolumePlanner(storage.deleteAfter(), storage.maxDeletionsPerScan(),
                StorageSettings.MAX_LABELS_PER_SCAN);
        VolumeActions actions = new VolumeActions(new PersistentVolumes(client, config.pageSize()), planner, gate, rate,
                config.dryRun(), new StorageMetrics(registry), errors, clock);
        return new VolumeScan(new CiNamespaces(namespaces, scope), actions,
                snapshot, storage.interval());
    }

    void logSettings(@Observes StartupEvent event, StorageSettings storage) {
        Logger.getLogger(StorageComponents.class).infof("janitor storage settings: %s", storage.describe());
    }

    @Scheduled(identity = "storage-scan", every = "{janitor.interval}", delayed = "2s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Off.class)
    void tick() throws InterruptedException {
        VolumeScan scan = scans.get();
        if (leadership.isLeader()) {
            scan.scanIfDue();
        } else {
            scan.standBy();
        }
    }

    void stop(@Observes ShutdownEvent event, StorageSettings storage, Instance<VolumeScan> built) {
        if (storage.enabled()) {
            built.get().close();
        }
    }

    /** Skips the ticks while the scan is off ({@code janitor.storage.enabled=false}, or run-once mode). */
    @ApplicationScoped
    public static class Off implements Scheduled.SkipPredicate {

        @Inject
        StorageSettings storage;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !storage.enabled();
        }
    }
}
