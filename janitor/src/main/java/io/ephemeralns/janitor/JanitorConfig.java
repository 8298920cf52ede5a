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

    /**
     * Publish the capacity the CI namespaces hold, by state ({@code ephemeral_ns_requested_*}, {@code ephemeral_ns_limit_*}
     * and the report's {@code requested}): a sweep lists the baseline ResourceQuotas cluster-wide, page by page
     * ({@code page-size}), at most once per {@code capacity-interval}, which needs {@code list} on resourcequotas.
     * Never in run-once mode (a CronJob's metrics are not scraped). {@code false}: no such listing, the gauges are NaN.
     */
    @WithDefault("true")
    boolean capacity();

    /**
     * Least time between two listings of the baseline quotas for {@code capacity}; the sweeps in between publish the
     * last figures. 10,000 quotas are about 20 list requests and 27 MB: every 60 s that would be the janitor's largest
     * steady-state cost, while a cost dashboard needs minutes, not seconds.
     */
    @WithName("capacity-interval")
    @WithConverter(TtlConverter.class)
    @WithDefault("15m")
    Duration capacityInterval();

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
     * At most this many namespace deletions in flight at once, each still taking a token of
     * {@code deletes-per-second}: one deletion is a few dependent round trips, so one at a time cannot reach a rate
     * above roughly one per round-trip chain (measured in docs/benchmarks.md).
     */
    @WithName("deletion-concurrency")
    @WithDefault("16")
    int deletionConcurrency();

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

    /**
     * Teardown when a pull request closes or a branch is deleted: a receiver of GitHub and GitLab webhook deliveries
     * on its own port, validated into {@link TeardownSettings}.
     */
    TeardownConfig teardown();

    /** Settings of the forge webhook receiver ({@code janitor.teardown.*}). */
    interface TeardownConfig {
        /** Serve the receiver (never in run-once mode). Off by default: it is meant to be reachable from the internet. */
        @WithDefault("false")
        boolean enabled();

        /**
         * Its own port, which serves {@code /hooks/github} and {@code /hooks/gitlab} and nothing else (0: any free
         * port, for tests). Never the main port: that one serves the report, the metrics and the health checks.
         */
        @WithDefault("8090")
        int port();

        /** Time between a delivery and the teardown of the namespaces it names ({@code teardown-at} = now + grace). */
        @WithConverter(TtlConverter.class)
        @WithDefault("5m")
        Duration grace();

        /** GitHub's webhook secret (HMAC-SHA256 key of {@code X-Hub-Signature-256}); unset = GitHub not served. */
        @WithName("github-secret")
        Optional<String> githubSecret();

        /** GitLab's secret token ({@code X-Gitlab-Token}); unset = GitLab not served. */
        @WithName("gitlab-secret")
        Optional<String> gitlabSecret();

        /** Largest body accepted; a larger one gets 413 (a deleted branch's push or a closed pull request is small). */
        @WithName("max-body-bytes")
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How long a delivery's id is remembered to refuse its replay. */
        @WithName("replay-window")
        @WithConverter(TtlConverter.class)
        @WithDefault("24h")
        Duration replayWindow();

        /** Most delivery ids remembered at once (bounded memory; the oldest are forgotten first). */
        @WithName("replay-capacity")
        @WithDefault("10000")
        int replayCapacity();
    }

    /** Warnings before deletion, validated into {@link WarnSettings}. */
    WarnConfig warn();

    /** Settings of the warning before deletion ({@code janitor.warn.*}). */
    interface WarnConfig {
        /**
         * How long before a namespace's deletion the janitor warns (Event {@code ExpiringSoon}, annotation
         * {@code ephemeral-ns.io/deletion-planned-at}, optional POST). Unset or empty: no warning (the default).
         */
        @WithConverter(TtlConverter.class)
        Optional<Duration> before();

        /** Where to POST each warning as JSON (http or https); unset = no POST. */
        @WithName("webhook-url")
        Optional<String> webhookUrl();

        /** Timeout of one POST attempt (connect and answer). */
        @WithConverter(TtlConverter.class)
        @WithDefault("5s")
        Duration timeout();

        /** Most attempts per POST (a 5xx, 429 or network failure is tried again, after 1 s, 2 s, 4 s, ...). */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();
    }

    /** Leaked storage: PersistentVolumes outliving their CI namespace, validated into {@link StorageSettings}. */
    StorageConfig storage();

    /** Settings of the leaked-storage scan ({@code janitor.storage.*}). */
    interface StorageConfig {
        /**
         * Scan the PersistentVolumes (never in run-once mode): label those bound to claims in live CI namespaces with
         * their owner, report the Released ones whose namespace is gone, and reclaim them with {@code delete-after}.
         * Needs list and patch on persistentvolumes (delete too with {@code delete-after}). Off by default.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Least time between two scans (one cluster-wide list of the volumes, page by page): a volume bound in a CI
         * namespace that lives shorter than this may never be labelled, and is then reported as an unknown owner's.
         */
        @WithConverter(TtlConverter.class)
        @WithDefault("15m")
        Duration interval();

        /**
         * Reclaim a leaked CI volume once it has been Released (or Failed) this long: a Retain volume gets the reclaim
         * policy Delete (its provisioner then deletes the storage and the volume), a Delete volume still there is
         * deleted. Unset or empty: never (report only, the default).
         */
        @WithName("delete-after")
        @WithConverter(TtlConverter.class)
        Optional<Duration> deleteAfter();

        /** At most this many reclaims per scan (each also takes a token of {@code deletes-per-second}). */
        @WithName("max-deletions-per-scan")
        @WithDefault("10")
        int maxDeletionsPerScan();
    }

    /** Deletion of cluster-scoped objects their CI namespace left behind, validated into {@link LeftoverSettings}. */
    LeftoversConfig leftovers();

    /** Settings of the cluster-scoped leftovers ({@code janitor.leftovers.*}; issue 15). */
    interface LeftoversConfig {
        /** Look for, report and delete leftovers. Off by default: it needs list and delete on cluster-scoped kinds. */
        @WithDefault("false")
        boolean enabled();

        /**
         * The cluster-scoped resources looked at, as {@code <plural>.<group>} ({@code clusterroles.rbac.authorization.k8s.io};
         * a core resource without group). The chart grants list and delete on exactly these.
         */
        @WithDefault("clusterroles.rbac.authorization.k8s.io,clusterrolebindings.rbac.authorization.k8s.io,"
                + "validatingwebhookconfigurations.admissionregistration.k8s.io,"
                + "mutatingwebhookconfigurations.admissionregistration.k8s.io")
        java.util.List<String> resources();

        /** Time after the janitor found the owner namespace gone before its leftovers are deleted. */
        @WithConverter(TtlConverter.class)
        @WithDefault("1h")
        Duration grace();

        /**
         * Least time between two listings of the labelled objects (one label-selected, metadata-only list per resource):
         * never at every sweep, whatever the number of namespaces.
         */
        @WithConverter(TtlConverter.class)
        @WithDefault("10m")
        Duration interval();

        /** Regexes of object names never deleted (whole-name match), besides the built-in protections. */
        Optional<java.util.List<String>> exclude();

        /** At most this many leftovers deleted per listing; the rest wait for the next one. */
        @WithName("max-deletions-per-sweep")
        @WithDefault("20")
        int maxDeletionsPerSweep();
    }

    /** Capture of a failed run before its deletion, validated into {@link CaptureSettings}. */
    CaptureConfig capture();

    /** Settings of the capture before deletion ({@code janitor.capture.*}). */
    interface CaptureConfig {
        /** Capture kept namespaces and those labelled {@code capture=true} before deleting them; needs a directory. */
        @WithDefault("false")
        boolean enabled();

        /** Where archives are written (the chart mounts its PersistentVolumeClaim here); unset or empty = off. */
        Optional<String> directory();

        /** Archives older than this are removed. */
        @WithConverter(TtlConverter.class)
        @WithDefault("7d")
        Duration retention();

        /** Most bytes of entries in one namespace's archive; beyond, entries are cut and the archive says so. */
        @WithName("max-bytes")
        @WithDefault("10485760")
        long maxBytes();

        /** How long a deletion waits for its capture at most; then it goes on, and the capture is stopped. */
        @WithConverter(TtlConverter.class)
        @WithDefault("30s")
        Duration timeout();
    }

    /** Sleep of kept namespaces, validated into {@link SleepSettings}. */
    SleepConfig sleep();

    /** Settings of the sleep of kept namespaces ({@code janitor.sleep.*}). */
    interface SleepConfig {
        /**
         * How long a kept namespace's Deployments and StatefulSets must be without change before the janitor scales
         * them to zero (saving their replica counts) until the label {@code ephemeral-ns.io/wake=true} wakes it. Unset
         * or empty: no sleep (the default).
         */
        @WithConverter(TtlConverter.class)
        Optional<Duration> after();

        /**
         * Time between two checks of the kept namespaces (each lists the kept ones and their workloads; never in
         * run-once mode). A wake waits for the next check.
         */
        @WithConverter(IntervalConverter.class)
        @WithDefault("1m")
        Duration interval();
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
