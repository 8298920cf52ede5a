package io.ephemeralns.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Which replica does a duty that must not run twice at once: the holder of a Lease. The janitor elects the replica
 * that sweeps (two replicas never both delete); the webhook elects the replica that runs the periodic resync (every
 * replica still answers admission requests). Without election ({@link #off}) this replica always does the duty.
 *
 * <p>Losing the lease stops the duty at once, and the replica competes again: fabric8's elector ends once leadership
 * is lost, so a new campaign starts one retry period after the old one ended, until {@link #stop}.
 */
public class LeaseLeadership {

    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

    /**
     * The Lease competed for and fabric8's elector timings.
     *
     * @param namespace     the Lease's namespace (the product's own)
     * @param name          the Lease's name
     * @param leaseDuration how long a lease is valid without renewal
     * @param renewDeadline how long the leader keeps trying to renew before it gives up leadership
     * @param retryPeriod   time between two attempts to acquire or renew
     */
    public record Lease(String namespace, String name, Duration leaseDuration, Duration renewDeadline,
            Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final String duty;
    private final Optional<Lease> lease;
    private final String offReason;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile CompletableFuture<?> election;
    private volatile boolean stopping;
    private String identity;

    /**
     * Competes for {@code lease} once {@link #start}ed.
     *
     * @param duty what the leader does, for the log ({@code sweeping}, {@code resyncing})
     */
    public LeaseLeadership(KubernetesClient client, String duty, Lease lease) {
        this(client, duty, Optional.of(lease), null);
    }

    private LeaseLeadership(KubernetesClient client, String duty, Optional<Lease> lease, String offReason) {
        this.client = client;
        this.duty = duty;
        this.lease = lease;
        this.offReason = offReason;
    }

    /** No election: once started, this replica always does the duty; {@code reason} says why, for the log. */
    public static LeaseLeadership off(String duty, String reason) {
        return new LeaseLeadership(null, duty, Optional.empty(), reason);
    }

    /** Starts competing; {@code elected} runs each time this replica becomes the leader (at once without election). */
    public void start(Runnable elected) {
        if (lease.isEmpty()) {
            LOG.infof("leader election off (%s): this replica is always %s", offReason, duty);
            leader.set(true);
            elected.run();
            return;
        }
        identity = System.getenv().getOrDefault("HOSTNAME", lease.get().name()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        LOG.infof("leader election on Lease %s/%s as %s", lease.get().namespace(), lease.get().name(), identity);
        campaign(lease.get(), elected);
    }

    private void campaign(Lease lease, Runnable elected) {
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(lease.name())
                        .withLock(new LeaseLock(lease.namespace(), lease.name(), identity))
                        .withLeaseDuration(lease.leaseDuration())
                        .withRenewDeadline(lease.renewDeadline())
                        .withRetryPeriod(lease.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> {
                                    leader.set(true);
                                    LOG.infof("became leader (%s): %s", identity, duty);
                                    elected.run();
                                },
                                () -> {
                                    leader.set(false);
                                    LOG.infof("lost leadership (%s): not %s", identity, duty);
                                },
                                newLeader -> LOG.infof("leader is now %s", newLeader)))
                        .build())
                .build()
                .start();
        election.whenComplete((result, error) -> {
            leader.set(false);
            if (!stopping) {
                CompletableFuture.delayedExecutor(lease.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> campaign(lease, elected));
            }
        });
    }

    /** Stops competing and releases the lease if held. */
    public void stop() {
        stopping = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
    }

    /** True when this replica does the duty now. */
    public boolean isLeader() {
        return leader.get();
    }
}
