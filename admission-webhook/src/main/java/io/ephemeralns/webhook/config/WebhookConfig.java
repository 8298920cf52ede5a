package io.ephemeralns.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The webhook's own settings ({@code webhook.*}). The shared {@code ephemeral-ns.*} settings are read by
 * {@link SettingsProducer} through {@code CiSettings.fromConfig}. Values are checked at start-up
 * ({@link StartupCheck}); a bad one stops the program with the key in the message.
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
    @WithDefault("10m")
    Duration resyncPeriod();

    /** First delay before retrying a failed reconcile; doubled on each failure. Default 1s. */
    @WithDefault("1s")
    Duration retryInitial();

    /** Longest delay between retries of a failed reconcile. Default 5m. */
    @WithDefault("5m")
    Duration retryMax();
}
