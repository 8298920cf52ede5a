package io.ephemeralns.janitor.metrics;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.janitor.capacity.Requested;
import io.ephemeralns.janitor.plan.Census;
import io.ephemeralns.janitor.plan.Refusal;
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
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
    private final Timer deletionDelay;
    private final List<Meter> meters = new ArrayList<>();
    private final MultiGauge stuckGauge;
    private final Map<Admission.Verdict, AtomicLong> skipped = new EnumMap<>(Admission.Verdict.class);
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final AtomicReference<Double> clockSkewSeconds = new AtomicReference<>(Double.NaN);
    private final AtomicLong stuckObjectsPending = new AtomicLong();
    /** The capacity held by each state, as of the last sweep; null (every gauge NaN) until known or when unknown. */
    private final AtomicReference<Map<NamespaceState, Requested>> capacity = new AtomicReference<>();

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
        deletionDelay = Timer.builder("ephemeral.ns.deletion.delay")
                .description("Time from a namespace's expiry to its accepted delete, for deletions at expiry (watch)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        meters.add(deletionDelay);
        for (Admission.Verdict verdict : Admission.Verdict.values()) {
            if (verdict == Admission.Verdict.ADMITTED) {
                continue;
            }
            AtomicLong value = new AtomicLong();
            skipped.put(verdict, value);
            meters.add(Gauge.builder("ephemeral.ns.skipped.namespaces", value, AtomicLong::doubleValue)
                    .description("Namespaces with the selector's labels that the janitor leaves alone because the"
                            + " admission webhook did not admit them as CI (not_admitted) or only after their deletion"
                            + " started (admitted_after_deletion), as of the last sweep")
                    .tag("reason", verdict.tag())
                    .register(registry));
        }
        for (Refusal refusal : Refusal.values()) {
            Counter counter = Counter.builder("ephemeral.ns.refused.actions")
                    .description("Time-based actions (deletions, repairs, reclaims, warnings, sleeps) the janitor planned but refused: not_leader (the Lease was"
                            + " lost) or clock_skew (its clock differs from the API server's by more than max-clock-skew)")
                    .tag("reason", refusal.tag())
                    .register(registry);
            refused.put(refusal, counter);
            meters.add(counter);
        }
        meters.add(Gauge.builder("ephemeral.ns.clock.skew.seconds", clockSkewSeconds, AtomicReference::get)
                .description("The janitor's clock minus the API server's, measured at the last sweep (NaN: unknown)")
                .register(registry));
        meters.add(Gauge.builder("ephemeral.ns.stuck.objects.pending", stuckObjectsPending, AtomicLong::doubleValue)
                .description("Objects still carrying finalizers in the stuck CI namespaces handled by the last sweep"
                        + " (repairs left to later sweeps by the budget, a refusal, the mode or the allow/deny lists)")
                .register(registry));
        capacityGauge("ephemeral.ns.requested.cpu.cores", Requested::cpuCores,
                "CPU requested by the Pods of the CI namespaces in each state, as their baseline ResourceQuotas count it");
        capacityGauge("ephemeral.ns.requested.memory.bytes", r -> r.memoryBytes(),
                "Memory requested by the Pods of the CI namespaces in each state, as their baseline ResourceQuotas count it");
        capacityGauge("ephemeral.ns.requested.storage.bytes", r -> r.storageBytes(),
                "Storage requested by the PersistentVolumeClaims of the CI namespaces in each state (baseline ResourceQuotas)");
        capacityGauge("ephemeral.ns.limit.cpu.cores", Requested::cpuLimitCores,
                "CPU limits of the Pods of the CI namespaces in each state, where their baseline ResourceQuotas track them");
        capacityGauge("ephemeral.ns.limit.memory.bytes", r -> r.memoryLimitBytes(),
                "Memory limits of the Pods of the CI namespaces in each state, where their baseline ResourceQuotas track them");
        stuckGauge = MultiGauge.builder("ephemeral.ns.namespace.terminating.seconds")
                .description("How long each stuck CI namespace has been terminating")
                .register(registry);
    }

    /** One gauge per state of one capacity figure; NaN while the capacity is unknown. */
    private void capacityGauge(String name, ToDoubleFunction<Requested> figure, String description) {
        for (NamespaceState state : NamespaceState.values()) {
            meters.add(Gauge.builder(name, capacity, held -> held.get() == null ? Double.NaN
                            : figure.applyAsDouble(held.get().getOrDefault(state, Requested.NONE)))
                    .description(description)
                    .tag("state", state.tag())
                    .register(registry));
        }
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

    /** Publishes the capacity held by each state; null when it is unknown (the gauges become NaN). */
    public void capacity(Map<NamespaceState, Requested> byState) {
        capacity.set(byState == null ? null : Map.copyOf(byState));
    }

    /** Publishes how many namespaces the last sweep left alone, by admission verdict. */
    public void skipped(Map<Admission.Verdict, Integer> counts) {
        skipped.forEach((verdict, value) -> value.set(counts.getOrDefault(verdict, 0)));
    }

    /** Counts one refused action. */
    public void refused(Refusal refusal) {
        refused.get(refusal).increment();
    }

    /** How many actions were refused for a reason so far. */
    public double refusedCount(Refusal refusal) {
        return refused.get(refusal).count();
    }

    /** Publishes the skew measured at the start of a sweep; NaN when unknown. */
    public void clockSkew(Optional<Duration> skew) {
        clockSkewSeconds.set(skew.map(s -> s.toMillis() / 1000.0).orElse(Double.NaN));
    }

    /** Publishes the stuck-repair backlog of the last sweep. */
    public void stuckObjectsPending(long objects) {
        stuckObjectsPending.set(objects);
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

    /** Records how long after its expiry a namespace was deleted (negative delays, from clock steps, count as 0). */
    public void deletionDelay(Duration delay) {
        deletionDelay.record(delay.isNegative() ? Duration.ZERO : delay);
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
