package io.ephemeralns.janitor.capacity;

import io.ephemeralns.common.NamespaceState;
import java.util.EnumMap;
import java.util.Map;

/**
 * The capacity held by the CI namespaces of each state: the sum of their {@link Requested} figures. Every state is
 * present, zero included, so that a gauge falls back to zero when a state empties. Only namespaces with a state are
 * counted: a quota in a namespace that is not a CI namespace in the janitor's scope (protected, not admitted, or
 * carrying a baseline label it was given by hand) adds nothing.
 */
public final class CapacityByState {

    private CapacityByState() {
    }

    /**
     * @param states the state of every CI namespace, by name (the sweep's classification)
     * @param usage  what each namespace holds, by name (namespaces without a baseline quota are absent)
     */
    public static Map<NamespaceState, Requested> sum(Map<String, NamespaceState> states, Map<String, Requested> usage) {
        Map<NamespaceState, Requested> sums = new EnumMap<>(NamespaceState.class);
        for (NamespaceState state : NamespaceState.values()) {
            sums.put(state, Requested.NONE);
        }
        states.forEach((namespace, state) -> {
            Requested held = usage.get(namespace);
            if (held != null) {
                sums.merge(state, held, Requested::plus);
            }
        });
        return sums;
    }
}
