package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The janitor's metrics, named by the contract ({@code ephemeral_ns_*} in Prometheus text format).
 * Gauges are refreshed by every sweep; every state is always exported, zero included, so that alerts
 * on {@code ephemeral_ns_namespaces{state="expired"}} see the value fall back to zero. The meters are
 * removed when the program stops, so a registry that outlives the application (Micrometer's global one)
 * never keeps serving a stopped instance's values.
 */
@ApplicationScoped
public class JanitorMetrics {

    private final MeterRegistry registry;
    private final Map<NamespaceState, AtomicLong> states = new EnumMap<>(NamespaceState.class);
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final Counter sweepErrors;
    private final Counter finalizersRemoved;
    private final Timer sweepDuration;
    private final List<Meter> meters = new ArrayList<>();
    private final MultiGauge stuckGauge;

    public JanitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (NamespaceState state : NamespaceState.values()) {
            AtomicLong value = new AtomicLong();
            states.put(state, value);
            meters.add(Gauge.builder("ephemeral.ns.namespaces", value, AtomicLong::doubleValue)
                    .description("CI namespaces by state, as of the last sweep")
                    .tag("state", state.tag())
                    .register(registry));
        }
        meters.add(Gauge.builder("ephemeral.ns.oldest.namespace.age.seconds", oldestAgeSeconds, AtomicLong::doubleValue)
                .description("Age of the oldest CI namespace, as of the last sweep")
                .register(registry));
        meters.add(Gauge.builder("ephemeral.ns.last.successful.sweep.timestamp.seconds", lastSuccessEpochSeconds,
                        AtomicLong::doubleValue)
                .description("Unix time of the last sweep that completed; alert when it grows old")
                .register(registry));
        sweepErrors = Counter.builder("ephemeral.ns.sweep.errors")
                .description("Failed listings and failed namespace deletions")
                .register(registry);
        meters.add(sweepErrors);
        finalizersRemoved = Counter.builder("ephemeral.ns.finalizers.removed")
                .description("Finalizers removed from objects blocking a terminating CI namespace")
                .register(registry);
        meters.add(finalizersRemoved);
        sweepDuration = Timer.builder("ephemeral.ns.sweep.duration")
                .description("Duration of sweeps")
                .register(registry);
        meters.add(sweepDuration);
        stuckGauge = MultiGauge.builder("ephemeral.ns.namespace.terminating.seconds")
                .description("How long each stuck CI namespace has been terminating")
                .register(registry);
    }

    @PreDestroy
    void removeMeters() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
            stuckGauge.register(List.of(), true);
        }
    }

    /** Publishes the counts of the latest sweep. */
    public void census(Census census) {
        census.counts().forEach((state, count) -> states.get(state).set(count));
        oldestAgeSeconds.set(census.oldest().getSeconds());
    }

    /** Counts one deletion. */
    public void deleted(String reason) {
        Counter counter = Counter.builder("ephemeral.ns.deletions")
                .description("CI namespaces deleted, by the rule that made them expire")
                .tag("reason", reason)
                .register(registry);
        synchronized (meters) {
            if (!meters.contains(counter)) {
                meters.add(counter);
            }
        }
        counter.increment();
    }

    /** Counts one error. */
    public void error() {
        sweepErrors.increment();
    }

    /** Records a sweep's duration, and its completion time when it completed. */
    public void sweep(Duration duration, boolean completed, Instant finishedAt) {
        sweepDuration.record(duration);
        if (completed) {
            lastSuccessEpochSeconds.set(finishedAt.getEpochSecond());
        }
    }

    /** Counts one namespace force-finalized through /finalize. */
    public void forceFinalized() {
        Counter counter = Counter.builder("ephemeral.ns.namespaces.force.finalized")
                .description("Stuck CI namespaces whose finalizers were cleared through /finalize (force mode)")
                .register(registry);
        synchronized (meters) {
            if (!meters.contains(counter)) {
                meters.add(counter);
            }
        }
        counter.increment();
    }

    /** Publishes how long each stuck namespace has been terminating; namespaces no longer stuck disappear. */
    public void stuck(Map<String, Double> terminatingSeconds) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        terminatingSeconds.forEach((namespace, seconds) -> rows.add(MultiGauge.Row.of(
                Tags.of("namespace", namespace), seconds)));
        stuckGauge.register(rows, true);
    }

    /** The counter of removed finalizers (for the stuck-namespace repair). */
    public Counter finalizersRemoved() {
        return finalizersRemoved;
    }
}
