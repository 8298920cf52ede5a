package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.stuck.GroupResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The cluster-scoped leftovers' settings ({@code janitor.leftovers.*}; issue 15), validated once at start-up: a bad
 * value stops the program with a message naming the key, the value and what is accepted.
 *
 * @param enabled      look for, report and delete leftovers (never in run-once mode: the owner memory needs a
 *                     janitor that lives while the namespaces do)
 * @param resources    the cluster-scoped resources looked at
 * @param grace        how long an owner namespace must have been missing
 * @param interval     least time between two listings of the labelled objects
 * @param exclude      whole-name regexes of objects never deleted
 * @param maxDeletions most deletions per listing
 */
public record LeftoverSettings(boolean enabled, List<GroupResource> resources, Duration grace, Duration interval,
        List<Pattern> exclude, int maxDeletions) {

    /**
     * Resources never accepted: namespaces are the sweep's own, persistentvolumes are {@code janitor.storage}'s (they
     * carry the same label), and a node is a machine, never a test run's leftover.
     */
    static final Set<String> REFUSED = Set.of("namespaces", "persistentvolumes", "nodes");

    /** A resource as configured: a DNS-1123 plural, optionally a dot and a group. */
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public LeftoverSettings {
        resources = List.copyOf(resources);
        exclude = List.copyOf(exclude);
    }

    /** Validates the configuration; {@code runOnce} turns the leftovers off. */
    public static LeftoverSettings from(JanitorConfig.LeftoversConfig config, boolean runOnce) {
        List<GroupResource> resources = new ArrayList<>();
        for (String entry : config.resources()) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            if (!RESOURCE.matcher(text).matches()) {
                throw new IllegalArgumentException("janitor.leftovers.resources: \"" + text + "\" is not a resource: use"
                        + " <plural>.<group>, e.g. clusterroles.rbac.authorization.k8s.io (a core resource without group)");
            }
            int dot = text.indexOf('.');
            GroupResource resource = dot < 0 ? new GroupResource("", text)
                    : new GroupResource(text.substring(dot + 1), text.substring(0, dot));
            if (REFUSED.contains(resource.resource()) && resource.group().isEmpty()) {
                throw new IllegalArgumentException("janitor.leftovers.resources: \"" + text + "\" is never accepted ("
                        + REFUSED.stream().sorted().collect(Collectors.joining(", ")) + ": namespaces are the sweep's,"
                        + " persistentvolumes janitor.storage's)");
            }
            if (!resources.contains(resource)) {
                resources.add(resource);
            }
        }
        if (config.enabled() && resources.isEmpty()) {
            throw new IllegalArgumentException("janitor.leftovers.enabled=true but janitor.leftovers.resources is empty:"
                    + " name at least one, e.g. clusterroles.rbac.authorization.k8s.io");
        }
        if (config.maxDeletionsPerSweep() < 1) {
            throw new IllegalArgumentException("janitor.leftovers.max-deletions-per-sweep=" + config.maxDeletionsPerSweep()
                    + " must be at least 1, e.g. 20");
        }
        List<Pattern> exclude = new ArrayList<>();
        for (String regex : config.exclude().orElse(List.of())) {
            if (regex.isBlank()) {
                continue;
            }
            try {
                exclude.add(Pattern.compile(regex.trim()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("janitor.leftovers.exclude: \"" + regex + "\" is not a regex ("
                        + e.getDescription() + "): use a Java regex matched against the whole name, e.g. shared-.*");
            }
        }
        return new LeftoverSettings(config.enabled() && !runOnce, resources, config.grace(), config.interval(), exclude,
                config.maxDeletionsPerSweep());
    }

    /** One line for the start-up log. */
    public String describe() {
        return "leftovers.enabled=" + enabled + " leftovers.resources="
                + resources.stream().map(GroupResource::display).collect(Collectors.joining(","))
                + " leftovers.grace=" + Ttl.format(grace) + " leftovers.interval=" + Ttl.format(interval)
                + " leftovers.exclude=" + exclude.stream().map(Pattern::pattern).collect(Collectors.joining(","))
                + " leftovers.max-deletions-per-sweep=" + maxDeletions;
    }
}
