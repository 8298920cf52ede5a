package io.ephemeralns.janitor;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.ephemeralns.janitor.stuck.RepairMode;
import io.ephemeralns.janitor.stuck.RepairPolicy;
import io.ephemeralns.runtime.LeaseLeadership;
import io.ephemeralns.runtime.OwnNamespace;
import io.ephemeralns.runtime.SharedConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * The janitor's one settings value: its typed configuration ({@link JanitorConfig}, durations already converted
 * from the TTL grammar) and the shared {@link CiSettings}, validated once, at start-up. A bad value stops the program
 * with a message naming the key, the value and what is accepted, instead of failing later in a sweep. Logs the
 * effective configuration once.
 *
 * @param shared          the shared {@code ephemeral-ns.*} settings
 * @param policy          the sweep's decision parameters
 * @param interval        time between sweeps
 * @param podDrainTimeout how long pods may take to go before the namespace is deleted anyway
 * @param ownNamespace    the namespace the janitor runs in, if known
 * @param leaderElection  whether to elect a leader before sweeping
 * @param stuck           the stuck-namespace repair, validated
 * @param maxClockSkew    largest skew between the janitor's and the API server's clocks at which it still acts
 * @param deletionConcurrency most namespace deletions in flight at once
 * @param watch           whether the Deployment mode keeps a watch-fed cache and deletes at expiry
 * @param relistInterval  how often that cache lists everything again
 */
public record JanitorSettings(
        CiSettings shared,
        SweepPolicy policy,
        Duration interval,
        Duration podDrainTimeout,
        Optional<String> ownNamespace,
        boolean leaderElection,
        RepairPolicy stuck,
        Duration maxClockSkew,
        int deletionConcurrency,
        boolean watch,
        Duration relistInterval) {

    /** The largest {@code janitor.deletion-concurrency}: beyond it the janitor would only queue on the API server. */
    static final int MAX_DELETION_CONCURRENCY = 64;

    /** The stuck-namespace repair ({@code janitor.stuck.*} and {@code janitor.stuck-after}), validated. */
    static RepairPolicy repairPolicy(JanitorConfig.StuckConfig config, Duration stuckAfter) {
        if (config.maxRepairsPerSweep() < 0) {
            throw new IllegalArgumentException("janitor.stuck.max-repairs-per-sweep=" + config.maxRepairsPerSweep()
                    + " is negative: use 0 (diagnose only) or more, e.g. 200");
        }
        return new RepairPolicy(RepairMode.parse(config.repair()), stuckAfter, config.forceAfter(),
                regex("janitor.stuck.finalizer-allow", config.finalizerAllow()),
                config.finalizerDeny().filter(text -> !text.isBlank())
                        .map(text -> regex("janitor.stuck.finalizer-deny", text)),
                config.maxRepairsPerSweep());
    }

    private static Pattern regex(String key, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + "=\"" + text + "\" is not a valid regular expression ("
                    + e.getDescription() + "): use a Java regex such as example\\.com/.*");
        }
    }

    /** Validates and builds the settings; every failure names the key. */
    public static JanitorSettings from(JanitorConfig config, CiSettings shared, Optional<String> ownNamespace,
            boolean inCluster) {
        if (config.deletesPerSecond() <= 0) {
            throw new IllegalArgumentException("janitor.deletes-per-second=" + config.deletesPerSecond()
                    + " must be positive, e.g. 5");
        }
        if (config.deletionConcurrency() < 1 || config.deletionConcurrency() > MAX_DELETION_CONCURRENCY) {
            throw new IllegalArgumentException("janitor.deletion-concurrency=" + config.deletionConcurrency()
                    + " must be between 1 and " + MAX_DELETION_CONCURRENCY + ", e.g. 16");
        }
        if (config.pageSize() < 1) {
            throw new IllegalArgumentException("janitor.page-size=" + config.pageSize() + " must be at least 1, e.g. 500");
        }
        if (config.relistInterval().isZero() || config.relistInterval().isNegative()) {
            throw new IllegalArgumentException("janitor.relist-interval=" + Ttl.format(config.relistInterval())
                    + " must be positive, e.g. 1h");
        }
        SweepPolicy policy = new SweepPolicy(config.stuckAfter(), config.maxDeletionsPerSweep(), config.requireAdmission());
        boolean leader = config.leaderElection().enabled().orElse(inCluster) && !config.runOnce();
        return new JanitorSettings(shared, policy, config.interval(), config.podDrainTimeout(), ownNamespace, leader,
                repairPolicy(config.stuck(), config.stuckAfter()), config.maxClockSkew(), config.deletionConcurrency(),
                config.watch() && !config.runOnce(), config.relistInterval());
    }

    /** One line for the start-up log. */
    public String describe(JanitorConfig config) {
        return "interval=" + Ttl.format(interval) + " run-once=" + config.runOnce() + " dry-run=" + config.dryRun()
                + " deletes-per-second=" + config.deletesPerSecond() + " deletion-concurrency=" + deletionConcurrency
                + " max-deletions-per-sweep=" + policy.maxDeletions()
                + " page-size=" + config.pageSize() + " stuck-after=" + Ttl.format(policy.stuckAfter())
                + " pod-drain-timeout=" + Ttl.format(podDrainTimeout) + " leader-election=" + leaderElection
                + " stuck.repair=" + stuck.mode().name().toLowerCase(Locale.ROOT)
                + " stuck.force-after=" + Ttl.format(stuck.forceAfter())
                + " stuck.finalizer-allow=" + stuck.allow().pattern()
                + " stuck.finalizer-deny=" + stuck.deny().map(Pattern::pattern).orElse("(none)")
                + " stuck.max-repairs-per-sweep=" + stuck.maxRepairs()
                + " require-admission=" + policy.requireAdmission()
                + (policy.requireAdmission() ? "" : " (trusting the selector's labels: anyone who may label a namespace"
                        + " can have it deleted)")
                + " max-clock-skew=" + Ttl.format(maxClockSkew)
                + " watch=" + watch + (watch ? " relist-interval=" + Ttl.format(relistInterval) : "")
                + " own-namespace=" + ownNamespace.orElse("(unknown)");
    }

    /**
     * Who sweeps: without leader election this replica, else the holder of the Lease
     * {@code janitor.leader-election.lease-name}, in {@code lease-namespace} or the janitor's own namespace.
     */
    static LeaseLeadership leadership(KubernetesClient client, JanitorSettings settings, JanitorConfig.LeaderElectionConfig config) {
        if (!settings.leaderElection()) {
            return LeaseLeadership.off("sweeping", "janitor.leader-election.enabled=false, run-once or outside a cluster");
        }
        String namespace = config.leaseNamespace().filter(name -> !name.isBlank())
                .or(settings::ownNamespace)
                .orElseThrow(() -> new IllegalArgumentException("janitor.leader-election.lease-namespace is not set and"
                        + " the janitor's own namespace is unknown: set one of them, or janitor.leader-election.enabled=false"));
        return new LeaseLeadership(client, "sweeping", new LeaseLeadership.Lease(namespace, config.leaseName(),
                config.leaseDuration(), config.renewDeadline(), config.retryPeriod()));
    }

    /** CDI producer: builds the settings once and logs them; resolves the own namespace once. */
    @ApplicationScoped
    static class Producer {
        private static final Logger LOG = Logger.getLogger(JanitorSettings.class);

        @Produces
        @Singleton
        JanitorSettings settings(JanitorConfig config, SharedConfig sharedConfig) {
            Optional<String> own = OwnNamespace.resolve(sharedConfig.ownNamespace(), OwnNamespace.SERVICE_ACCOUNT_FILE);
            CiSettings shared = SharedConfig.settings(sharedConfig, own);
            JanitorSettings settings = from(config, shared, own, System.getenv("KUBERNETES_SERVICE_HOST") != null);
            LOG.infof("ephemeral-ns settings: %s", shared.describe());
            LOG.infof("janitor settings: %s", settings.describe(config));
            return settings;
        }

        @Produces
        @Singleton
        LeaseLeadership leadership(KubernetesClient client, JanitorSettings settings, JanitorConfig config) {
            return JanitorSettings.leadership(client, settings, config.leaderElection());
        }

        /** The one rate limit shared by deletions and stuck-namespace repairs. */
        @Produces
        @Singleton
        TokenBucket deletions(JanitorConfig config) {
            return TokenBucket.perSecond(config.deletesPerSecond());
        }
    }
}
