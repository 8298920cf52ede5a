package io.ephemeralns.janitor.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the janitor knows of the namespaces that volumes' claims name, as of one scan. A name in neither
 * {@code existing} nor {@code gone} is unknown (its lookup failed): nothing is decided about its volumes.
 *
 * @param ci       the live CI namespaces the janitor may act on (in scope, admitted), name to UID
 * @param existing other namespaces found to exist, name to UID
 * @param gone     namespaces found not to exist (404)
 */
public record LiveNamespaces(Map<String, String> ci, Map<String, String> existing, Set<String> gone) {

    public LiveNamespaces {
        ci = Map.copyOf(ci);
        Map<String, String> all = new HashMap<>(existing);
        all.putAll(ci);
        existing = Map.copyOf(all);
        gone = Set.copyOf(gone);
    }

    /** Whether the name is known: found to exist or found to be gone. */
    public boolean known(String namespace) {
        return existing.containsKey(namespace) || gone.contains(namespace);
    }

    /** The UID of the namespace of that name when it exists, empty when it is gone or unknown. */
    public Optional<String> uid(String namespace) {
        return Optional.ofNullable(existing.get(namespace));
    }
}
