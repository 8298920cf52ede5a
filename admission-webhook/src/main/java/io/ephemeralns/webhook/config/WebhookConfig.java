package io.ephemeralns.webhook.config;

import io.ephemeralns.runtime.TtlConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The webhook's own settings ({@code webhook.*}) and their defaults. The shared {@code ephemeral-ns.*} settings are
 * {@link io.ephemeralns.runtime.SharedConfig}. Durations use the TTL grammar ({@code 10m}, {@code 1h30m},
 * {@link TtlConverter}). Values are checked at start-up ({@link StartupCheck}); a bad one stops the program with the
 * key in the message.
 */
@ConfigMapping(prefix = "webhook")
public interface WebhookConfig {

    /**
     * Names of the product's own service accounts, in the product's namespace ({@code ephemeral-ns.own-namespace}).
     * They are exempt from the namespace update rules and the baseline guard: the janitor relabels and deletes,
     * the reconciler re-applies. Default {@code ephemeral-ns-janitor,ephemeral-ns-webhook}.
     */
    @WithDefault("ephemeral-ns-janitor,ephemeral-ns-webhook")
    List<String> serviceAccounts();

    /** Further usernames exempt like the product's service accounts. Default: none. */
    Optional<List<String>> exemptUsers();

    /** Groups whose members are exempt (cluster administrators). Default {@code system:masters}. */
    @WithDefault("system:masters")
    List<String> exemptGroups();

    /**
     * Back-pressure: refuse a new CI namespace when this many CI namespaces (not terminating) exist already.
     * Default 0 = off.
     */
    @WithDefault("0")
    int maxNamespaces();

    /**
     * Strict mode: refuse creating a Pod in a CI namespace whose {@code ephemeral-ns.io/baseline} is not
     * {@code applied} yet. Default true.
     */
    @WithDefault("true")
    boolean requireBaseline();

    /**
     * Path of the baseline profiles file (format: see {@code baseline-profiles.yaml}). Default: the file shipped in
     * the program, with the seed's quota, limits and network policies as profile {@code default}.
     */
    Optional<String> profilesFile();

    /** How often every CI namespace's baseline is re-applied, repairing edits the watches did not see. Default 10m. */
    @WithConverter(TtlConverter.class)
    @WithDefault("10m")
    Duration resyncPeriod();

    /** First delay before retrying a failed reconcile; doubled on each failure. Default 1s. */
    @WithConverter(TtlConverter.class)
    @WithDefault("1s")
    Duration retryInitial();

    /** Longest delay between retries of a failed reconcile. Default 5m. */
    @WithConverter(TtlConverter.class)
    @WithDefault("5m")
    Duration retryMax();

    /**
     * The janitor's access inside CI namespaces, planned with every profile's RoleBinding to
     * {@link #janitorClusterRole()}: {@code finalizer} (default: the binding with finalizer
     * {@code ephemeral-ns.io/janitor-access}, which the janitor releases last), {@code binding} (without the
     * finalizer: for installations without a janitor, so that no namespace waits for one), {@code off} (no binding).
     */
    @WithDefault("finalizer")
    String janitorAccess();

    /** The janitor's ServiceAccount, in the product's namespace (profile placeholder {{JANITOR_SERVICE_ACCOUNT}}). */
    @WithDefault("ephemeral-ns-janitor")
    String janitorServiceAccount();

    /** The ClusterRole bound to the janitor in each CI namespace (profile placeholder {{JANITOR_CLUSTER_ROLE}}). */
    @WithDefault("ephemeral-ns-janitor-in-ci-namespaces")
    String janitorClusterRole();

    /** Leader election among the webhook's replicas, for the periodic resync only. */
    LeaderElection leaderElection();

    /**
     * {@code webhook.leader-election.*}: only the holder of a Lease in the product's namespace runs the periodic
     * resync (and the full pass when it becomes leader); every replica answers admission requests and reconciles the
     * namespaces that events point at.
     */
    interface LeaderElection {
        /** Elect a resync leader; false, or an unknown own namespace, makes every replica resync. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Name of the Lease in the product's namespace. Default {@code ephemeral-ns-webhook}. */
        @WithDefault("ephemeral-ns-webhook")
        String leaseName();

        /** How long a lease is valid without renewal. Default 15s. */
        @WithConverter(TtlConverter.class)
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before giving up. Default 10s. */
        @WithConverter(TtlConverter.class)
        @WithDefault("10s")
        Duration renewDeadline();

        /** Time between two attempts to acquire or renew. Default 2s. */
        @WithConverter(TtlConverter.class)
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
