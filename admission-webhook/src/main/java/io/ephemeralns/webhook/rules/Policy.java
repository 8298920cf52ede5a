package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiSettings;
import java.util.Set;

/**
 * Everything configured that the validating rules read, in one value so that a rule's inputs are visible in
 * its signature.
 *
 * @param settings        the shared settings of the contract
 * @param exemptions      who the namespace and baseline rules exempt
 * @param maxNamespaces   back-pressure: refuse a new CI namespace when this many exist; 0 = off
 * @param requireBaseline strict mode: refuse pods in a CI namespace whose baseline is not applied yet
 * @param profiles        names of the baseline profiles that exist
 * @param reservedNames   names of the baseline objects: only the product may create objects with these names in a
 *                        CI namespace ({@link BaselineGuard})
 */
public record Policy(CiSettings settings, Exemptions exemptions, int maxNamespaces, boolean requireBaseline,
        Set<String> profiles, Set<String> reservedNames) {

    /** A policy without reserved names (rules that do not read them). */
    public Policy(CiSettings settings, Exemptions exemptions, int maxNamespaces, boolean requireBaseline, Set<String> profiles) {
        this(settings, exemptions, maxNamespaces, requireBaseline, profiles, Set.of());
    }

    public Policy {
        profiles = Set.copyOf(profiles);
        reservedNames = Set.copyOf(reservedNames);
        if (maxNamespaces < 0) {
            throw new IllegalArgumentException("webhook.max-namespaces=" + maxNamespaces + " is negative: use 0 (off) or a limit");
        }
    }
}
