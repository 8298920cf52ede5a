package io.ephemeralns.janitor.leftovers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ephemeral_ns_leftover_objects{resource, state}}: labelled cluster-scoped objects that outlived their owner
 * namespace, as of the last listing, by configured resource and {@link LeftoverState}; and
 * {@code ephemeral_ns_leftover_deletions_total{resource}}. The label values come from the configuration and the enum
 * only (bounded), every combination registered at zero.
 */
public class LeftoverMetrics {

    private final Map<String, AtomicLong> objects = new HashMap<>();
    private final Map<String, Counter> deletions = new HashMap<>();

    public LeftoverMetrics(MeterRegistry registry, List<String> resources) {
        for (String resource : resources) {
            for (LeftoverState state : LeftoverState.values()) {
                AtomicLong value = new AtomicLong();
                objects.put(key(resource, state), value);
                Gauge.builder("ephemeral.ns.leftover.objects", value, AtomicLong::doubleValue)
                        .description("Cluster-scoped objects labelled ephemeral-ns.io/owner-namespace whose namespace is"
                                + " gone, by resource and state, as of the last listing")
                        .tag("resource", resource)
                        .tag("state", state.tag())
                        .register(registry);
            }
            deletions.put(resource, Counter.builder("ephemeral.ns.leftover.deletions")
                    .description("Cluster-scoped leftovers deleted, by resource")
                    .tag("resource", resource)
                    .register(registry));
        }
    }

    /** Publishes a listing's counts. */
    public void counts(Map<String, Map<LeftoverState, Integer>> counts) {
        counts.forEach((resource, byState) -> byState.forEach((state, count) -> {
            AtomicLong value = objects.get(key(resource, state));
            if (value != null) {
                value.set(count);
            }
        }));
    }

    /** Counts one deletion. */
    public void deleted(String resource) {
        Counter counter = deletions.get(resource);
        if (counter != null) {
            counter.increment();
        }
    }

    /** The gauge's value (tests). */
    public long objects(String resource, LeftoverState state) {
        AtomicLong value = objects.get(key(resource, state));
        return value == null ? 0 : value.get();
    }

    /** The deletions so far (tests). */
    public double deletions(String resource) {
        Counter counter = deletions.get(resource);
        return counter == null ? 0 : counter.count();
    }

    private static String key(String resource, LeftoverState state) {
        return resource + "|" + state.tag();
    }
}
