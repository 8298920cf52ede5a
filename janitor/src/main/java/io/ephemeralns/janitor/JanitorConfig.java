package io.ephemeralns.janitor;

import io.ephemeralns.runtime.TtlConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The janitor's own settings ({@code janitor.*}) and their defaults. The shared {@code ephemeral-ns.*} settings are
 * {@link io.ephemeralns.runtime.SharedConfig}. Durations use the TTL grammar ({@code 60s}, {@code 15m},
 * {@link TtlConverter}). Everything is validated once at start-up into {@link JanitorSettings}.
 */
@ConfigMapping(prefix = "janitor")
public interface JanitorConfig {

    /** Time between two sweeps. Never two sweeps at once: a sweep still running skips the next tick. */
    @WithConverter(IntervalConverter.class)
    @WithDefault("60s")
    Duration interval();

    /**
     * Deployment mode: keep a watch-fed cache of the CI namespaces' metadata and delete each namespace when it
     * becomes due, the sweep every {@code interval} then planned from the cache (no list request). {@code false}:
     * every sweep lists, and a namespace goes at the first sweep after its expiry. Ignored in run-once mode.
     */
    @WithDefault("true")
    boolean watch();

    /**
     * Deployment mode with {@code watch}: how often the cache lists everything again, as a safety net against a
     * missed watch event (it also lists again whenever a watch fails or its resourceVersion expires).
     */
    @WithName("relist-interval")
    @WithConverter(TtlConverter.class)
    @WithDefault("1h")
    Duration relistInterval();

    /** Run one sweep and exit: 0 when it succeeded, 1 when it failed (for a CronJob). */
    @WithName("run-once")
    @WithDefault("false")
    boolean runOnce();

    /** Log what would be done ({@code DRY-RUN: would delete ...}) and change nothing. */
    @WithName("dry-run")
    @WithDefault("false")
    boolean dryRun();

    /** Token-bucket rate of namespace deletions (the fabric8 client has no rate limiter). */
    @WithName("deletes-per-second")
    @WithDefault("5")
    double deletesPerSecond();

    /**
     * At most this many deletions per sweep; the rest wait for the next sweep, oldest expiry first. Deletions at
     * expiry (the watch) have the same cap per window of {@code interval}.
     */
    @WithName("max-deletions-per-sweep")
    @WithDefault("50")
    int maxDeletionsPerSweep();

    /** Page size of namespace listings ({@code limit} with {@code continue}). */
    @WithName("page-size")
    @WithDefault("500")
    int pageSize();

    /** A namespace terminating for longer than this is {@code stuck}. */
    @WithName("stuck-after")
    @WithConverter(TtlConverter.class)
    @WithDefault("15m")
    Duration stuckAfter();

    /**
     * How long to wait, across sweeps, for a namespace's pods to terminate before deleting the namespace
     * anyway. Pods go first so that NetworkPolicies outlive the pods they guard (CVE-2024-7598).
     */
    @WithName("pod-drain-timeout")
    @WithConverter(TtlConverter.class)
    @WithDefault("2m")
    Duration podDrainTimeout();

    /**
     * Act only on namespaces the admission webhook admitted as CI ({@code ephemeral-ns.io/managed=true}, admitted
     * before any deletion started; see {@link io.ephemeralns.common.Admission}). {@code false} is for a janitor
     * installed without the webhook: it then trusts the selector's labels, which anyone who may label a namespace
     * can set, so such a pipeline can have any unprotected namespace deleted.
     */
    @WithName("require-admission")
    @WithDefault("true")
    boolean requireAdmission();

    /**
     * Largest difference between the janitor's clock and the API server's (measured every sweep from the
     * {@code Date} of an API response) at which the janitor still deletes or repairs: expiry compares API server
     * timestamps with the janitor's clock, so a clock running ahead would delete live namespaces early.
     */
    @WithName("max-clock-skew")
    @WithConverter(TtlConverter.class)
    @WithDefault("30s")
    Duration maxClockSkew();

    /** Repair of namespaces stuck in Terminating. */
    StuckConfig stuck();

    /** Settings of the stuck-namespace repair. */
    interface StuckConfig {
        /**
         * {@code report} (diagnose only), {@code finalizers} (also remove finalizers of remaining objects that have
         * been deleting for longer than stuck-after) or {@code force} (also clear the namespace's finalizers via
         * /finalize after force-after).
         */
        @WithDefault("finalizers")
        String repair();

        /** In force mode, how long a namespace must have been terminating before /finalize. */
        @WithName("force-after")
        @WithConverter(TtlConverter.class)
        @WithDefault("1h")
        Duration forceAfter();

        /** Regex of finalizers that may be removed (whole-string match). */
        @WithName("finalizer-allow")
        @WithDefault(".*")
        String finalizerAllow();

        /** Regex of finalizers that are never removed (whole-string match); empty = none. */
        @WithName("finalizer-deny")
        Optional<String> finalizerDeny();

        /**
         * At most this many objects get their finalizers removed per sweep, over all stuck namespaces (each patch
         * also takes a token of the deletion rate limit); the rest wait for the next sweep and are counted in
         * {@code ephemeral_ns_stuck_objects_pending}.
         */
        @WithName("max-repairs-per-sweep")
        @WithDefault("200")
        int maxRepairsPerSweep();
    }

    /** Leader election on a Lease, so that two replicas never both delete. */
    @WithName("leader-election")
    LeaderElectionConfig leaderElection();

    /** Settings of the leader election. */
    interface LeaderElectionConfig {
        /** On by default when running in a cluster ({@code KUBERNETES_SERVICE_HOST} set), off elsewhere. */
        Optional<Boolean> enabled();

        /** Name of the Lease. */
        @WithName("lease-name")
        @WithDefault("ephemeral-ns-janitor")
        String leaseName();

        /** Namespace of the Lease; defaults to the janitor's own namespace. */
        @WithName("lease-namespace")
        Optional<String> leaseNamespace();

        /** How long a lease is valid without renewal. */
        @WithName("lease-duration")
        @WithConverter(TtlConverter.class)
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leadership. */
        @WithName("renew-deadline")
        @WithConverter(TtlConverter.class)
        @WithDefault("10s")
        Duration renewDeadline();

        /** Time between two attempts to acquire or renew. */
        @WithName("retry-period")
        @WithConverter(TtlConverter.class)
        @WithDefault("2s")
        Duration retryPeriod();
    }

    /**
     * The TTL grammar without days and weeks: the scheduler reads {@code janitor.interval} too, and it knows only
     * hours, minutes and seconds.
     */
    class IntervalConverter extends TtlConverter {
        @Override
        public Duration convert(String value) {
            Duration interval = super.convert(value);
            if (interval != null && !value.trim().matches("([0-9]+[hms])+")) {
                throw new IllegalArgumentException("\"" + value + "\" is not valid for the schedule: use s, m or h, e.g. 60s,"
                        + " 5m, 1h30m");
            }
            return interval;
        }
    }
}
