package io.ephemeralns.webhook.config;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.webhook.rules.Exemptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook's one settings value: its typed configuration ({@link WebhookConfig}, durations already converted from
 * the TTL grammar) and the shared {@link CiSettings}, validated once, at start-up, as the janitor's
 * {@code JanitorSettings} is. A bad value stops the program with a message naming the key, the value and what is
 * accepted. The baseline profiles are parsed from these in their own package ({@code baseline.ProfilesProducer}).
 *
 * @param shared                the shared {@code ephemeral-ns.*} settings
 * @param ownNamespace          the namespace the webhook runs in, if known: its ServiceAccounts are exempt, it holds
 *                              the janitor's ServiceAccount and the resync Lease
 * @param exemptions            who the namespace rules and the baseline guard exempt
 * @param maxNamespaces         refuse a new CI namespace when this many exist; 0 = off (checked by {@code Policy})
 * @param requireBaseline       strict mode: refuse pods until the namespace's baseline is applied
 * @param profilesFile          the baseline profiles file; empty = the shipped one
 * @param janitorAccess         how the profiles' RoleBinding to the janitor's ClusterRole is planned
 * @param janitorServiceAccount the janitor's ServiceAccount (profile placeholder)
 * @param janitorClusterRole    the janitor's ClusterRole inside CI namespaces (profile placeholder)
 * @param resyncPeriod          periodic re-check of every CI namespace's baseline
 * @param retryInitial          first backoff of a failed reconcile
 * @param retryMax              longest backoff of a failed reconcile
 */
public record WebhookSettings(
        CiSettings shared,
        Optional<String> ownNamespace,
        Exemptions exemptions,
        int maxNamespaces,
        boolean requireBaseline,
        Optional<String> profilesFile,
        JanitorAccess janitorAccess,
        String janitorServiceAccount,
        String janitorClusterRole,
        Duration resyncPeriod,
        Duration retryInitial,
        Duration retryMax) {

    /** Validates and builds the settings; every failure names the key. */
    public static WebhookSettings from(WebhookConfig config, CiSettings shared, Optional<String> ownNamespace) {
        // durations are positive by their grammar (TtlConverter); only their order is left to check
        if (config.retryMax().compareTo(config.retryInitial()) < 0) {
            throw new IllegalArgumentException("webhook.retry-initial (" + Ttl.format(config.retryInitial())
                    + ") must be positive and at most webhook.retry-max (" + Ttl.format(config.retryMax()) + "), e.g. 1s and 5m");
        }
        return new WebhookSettings(shared, ownNamespace, exemptions(config, ownNamespace), config.maxNamespaces(),
                config.requireBaseline(), config.profilesFile().map(String::trim).filter(file -> !file.isEmpty()),
                JanitorAccess.parse(config.janitorAccess()), config.janitorServiceAccount().trim(),
                config.janitorClusterRole().trim(), config.resyncPeriod(), config.retryInitial(), config.retryMax());
    }

    /** The product's ServiceAccounts (in the own namespace, when known), the exempt users and the exempt groups. */
    private static Exemptions exemptions(WebhookConfig config, Optional<String> ownNamespace) {
        Set<String> users = new LinkedHashSet<>();
        ownNamespace.ifPresent(namespace -> config.serviceAccounts().stream().map(String::trim).filter(s -> !s.isEmpty())
                .forEach(account -> users.add("system:serviceaccount:" + namespace + ":" + account)));
        config.exemptUsers().ifPresent(list -> list.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(users::add));
        return new Exemptions(users, new LinkedHashSet<>(config.exemptGroups()));
    }

    /** One line for the start-up log. */
    public String describe() {
        String own = ownNamespace.orElse("(unknown)");
        return "own-namespace=" + own + " exempt-users=" + new TreeSet<>(exemptions.users())
                + " exempt-groups=" + new TreeSet<>(exemptions.groups())
                + " max-namespaces=" + (maxNamespaces == 0 ? "0 (off)" : maxNamespaces)
                + " require-baseline=" + requireBaseline
                + " profiles-file=" + profilesFile.orElse("(shipped)")
                + " resync-period=" + Ttl.format(resyncPeriod)
                + " retry=" + Ttl.format(retryInitial) + ".." + Ttl.format(retryMax)
                + " janitor-access=" + janitorAccess.value() + " (" + own + "/" + janitorServiceAccount + " -> "
                + janitorClusterRole + ")";
    }
}
