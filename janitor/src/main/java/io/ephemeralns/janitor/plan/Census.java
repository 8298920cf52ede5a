package io.ephemeralns.janitor.plan;

import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many CI namespaces are in each state, and the age of the oldest: what the leak metrics export.
 *
 * @param counts every state, zero included, so that a gauge drops to zero when a state empties
 * @param oldest age of the oldest CI namespace, zero when there are none
 */
public record Census(Map<NamespaceState, Integer> counts, Duration oldest) {

    /** The count of one state. */
    public int count(NamespaceState state) {
        return counts.getOrDefault(state, 0);
    }

    /** {@code active=3 kept=1 ...} for the sweep's summary line. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (NamespaceState state : NamespaceState.values()) {
            out.append(out.isEmpty() ? "" : " ").append(state.tag()).append('=').append(count(state));
        }
        return out.toString();
    }

    /** Counts namespaces one at a time, so that a sweep needs no list of them all. */
    static final class Counter {
        private final Map<NamespaceState, Integer> counts = new EnumMap<>(NamespaceState.class);
        private Duration oldest = Duration.ZERO;

        Counter() {
            for (NamespaceState state : NamespaceState.values()) {
                counts.put(state, 0);
            }
        }

        void add(NamespaceStatus status) {
            counts.merge(status.state(), 1, Integer::sum);
            Duration age = status.age().orElse(Duration.ZERO);
            if (age.compareTo(oldest) > 0) {
                oldest = age;
            }
        }

        Census census() {
            return new Census(Map.copyOf(counts), oldest);
        }
    }
}
