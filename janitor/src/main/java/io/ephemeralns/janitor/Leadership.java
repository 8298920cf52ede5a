package io.ephemeralns.janitor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.ephemeralns.common.CiSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Whether this replica may sweep. With leader election on, replicas compete for a Lease and only the holder
 * sweeps, so two replicas never both delete; with it off (the default outside a cluster, and in
 * {@code run-once} mode) this replica always may. Losing the lease stops sweeping at once, and the replica
 * goes back to competing for it (fabric8's elector ends once leadership is lost).
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final JanitorSettings settings;
    private final JanitorConfig.LeaderElectionConfig config;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile CompletableFuture<?> election;
    private volatile boolean stopping;
    private String namespace;
    private String identity;
    private Duration leaseDuration;
    private Duration renewDeadline;
    private Duration retryPeriod;

    public Leadership(KubernetesClient client, JanitorSettings settings, JanitorConfig config) {
        this.client = client;
        this.settings = settings;
        this.config = config.leaderElection();
    }

    void start(@Observes StartupEvent event) {
        if (!settings.leaderElection()) {
            leader.set(true);
            return;
        }
        namespace = config.leaseNamespace().filter(name -> !name.isBlank())
                .or(settings::ownNamespace)
                .orElseThrow(() -> new IllegalArgumentException("janitor.leader-election.lease-namespace is not set and"
                        + " the janitor's own namespace is unknown: set one of them, or janitor.leader-election.enabled=false"));
        identity = System.getenv().getOrDefault("HOSTNAME", "janitor") + "-" + UUID.randomUUID().toString().substring(0, 8);
        leaseDuration = CiSettings.duration("janitor.leader-election.lease-duration", config.leaseDuration());
        renewDeadline = CiSettings.duration("janitor.leader-election.renew-deadline", config.renewDeadline());
        retryPeriod = CiSettings.duration("janitor.leader-election.retry-period", config.retryPeriod());
        LOG.infof("leader election on Lease %s/%s as %s", namespace, config.leaseName(), identity);
        campaign();
    }

    private void campaign() {
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName("ephemeral-ns-janitor")
                        .withLock(new LeaseLock(namespace, config.leaseName(), identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline)
                        .withRetryPeriod(retryPeriod)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> {
                                    leader.set(true);
                                    LOG.infof("became leader (%s): sweeping", identity);
                                },
                                () -> {
                                    leader.set(false);
                                    LOG.infof("lost leadership (%s): not sweeping", identity);
                                },
                                newLeader -> LOG.infof("leader is now %s", newLeader)))
                        .build())
                .build()
                .start();
        election.whenComplete((result, error) -> {
            leader.set(false);
            if (!stopping) {
                CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS).execute(this::campaign);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
    }

    /** True when this replica may sweep now. */
    public boolean isLeader() {
        return leader.get();
    }
}
