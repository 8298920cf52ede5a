package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.config.SettingsProducer.OwnNamespaceName;
import io.ephemeralns.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Which webhook replica runs the periodic resync of every CI namespace: the holder of the Lease
 * {@code webhook.leader-election.lease-name} in the product's namespace. Only the resync is elected; every replica
 * still answers admission requests and reconciles the namespaces its events point at (a new namespace must not wait
 * for a leader, and two replicas repairing the same object meet a 409 and converge). Without election (disabled, or
 * the own namespace unknown) this replica always resyncs. Losing the lease stops resyncing at once, and the replica
 * competes again (fabric8's elector ends once leadership is lost).
 */
@ApplicationScoped
public class ResyncLeadership {

    private static final Logger LOG = Logger.getLogger(ResyncLeadership.class);

    private final KubernetesClient client;
    private final WebhookConfig.LeaderElection config;
    private final Optional<String> namespace;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile CompletableFuture<?> election;
    private volatile boolean stopping;
    private String identity;

    @Inject
    public ResyncLeadership(KubernetesClient client, WebhookConfig config, OwnNamespaceName own) {
        this(client, config.leaderElection(), own.value());
    }

    /** For tests: the election's settings and the Lease's namespace, directly. */
    ResyncLeadership(KubernetesClient client, WebhookConfig.LeaderElection config, Optional<String> namespace) {
        this.client = client;
        this.config = config;
        this.namespace = namespace;
    }

    /** Starts competing; {@code elected} runs each time this replica becomes the leader (at once without election). */
    void start(Runnable elected) {
        if (!config.enabled() || namespace.isEmpty()) {
            LOG.infof("resync leader election off (%s): this replica resyncs",
                    config.enabled() ? "own namespace unknown" : "webhook.leader-election.enabled=false");
            leader.set(true);
            elected.run();
            return;
        }
        identity = System.getenv().getOrDefault("HOSTNAME", "webhook") + "-" + UUID.randomUUID().toString().substring(0, 8);
        LOG.infof("resync leader election on Lease %s/%s as %s", namespace.get(), config.leaseName(), identity);
        campaign(elected);
    }

    private void campaign(Runnable elected) {
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName("ephemeral-ns-webhook-resync")
                        .withLock(new LeaseLock(namespace.get(), config.leaseName(), identity))
                        .withLeaseDuration(config.leaseDuration())
                        .withRenewDeadline(config.renewDeadline())
                        .withRetryPeriod(config.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> {
                                    leader.set(true);
                                    LOG.infof("became resync leader (%s)", identity);
                                    elected.run();
                                },
                                () -> {
                                    leader.set(false);
                                    LOG.infof("lost resync leadership (%s)", identity);
                                },
                                newLeader -> LOG.debugf("resync leader is now %s", newLeader)))
                        .build())
                .build()
                .start();
        election.whenComplete((result, error) -> {
            leader.set(false);
            if (!stopping) {
                CompletableFuture.delayedExecutor(config.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> campaign(elected));
            }
        });
    }

    void stop() {
        stopping = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
    }

    /** True when this replica runs the resync now. */
    public boolean isLeader() {
        return leader.get();
    }
}
