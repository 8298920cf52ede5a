package io.ephemeralns.janitor.teardown;

import io.ephemeralns.janitor.forge.Forge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code ephemeral_ns_teardown_deliveries_total{forge, outcome}} (every combination registered at zero, so that an
 * alert on unauthorized deliveries sees the series from the start) and
 * {@code ephemeral_ns_teardown_marked_namespaces_total}.
 */
public class TeardownMetrics {

    private final Map<Forge, Map<DeliveryOutcome, Counter>> deliveries = new EnumMap<>(Forge.class);
    private final Counter marked;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    public TeardownMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Forge forge : Forge.values()) {
            Map<DeliveryOutcome, Counter> byOutcome = new EnumMap<>(DeliveryOutcome.class);
            for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
                byOutcome.put(outcome, Counter.builder("ephemeral.ns.teardown.deliveries")
                        .description("Forge webhook deliveries received, by forge and outcome")
                        .tag("forge", forge.tag())
                        .tag("outcome", outcome.tag())
                        .register(registry));
            }
            meters.addAll(byOutcome.values());
            deliveries.put(forge, byOutcome);
        }
        marked = Counter.builder("ephemeral.ns.teardown.marked.namespaces")
                .description("CI namespaces marked with ephemeral-ns.io/teardown-at")
                .register(registry);
        meters.add(marked);
    }

    /** Removes the meters, so that a registry outliving the program never serves a stopped receiver's counts. */
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    /** Counts one delivery. */
    public void delivery(Forge forge, DeliveryOutcome outcome) {
        deliveries.get(forge).get(outcome).increment();
    }

    /** Counts marked namespaces. */
    public void marked(int count) {
        marked.increment(count);
    }
}
