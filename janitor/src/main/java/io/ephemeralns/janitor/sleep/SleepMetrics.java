package io.ephemeralns.janitor.sleep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sleep's metrics: {@code ephemeral_ns_sleeping_namespaces} (sleeping namespaces among those the latest check
 * examined: kept or with the wake label), {@code ephemeral_ns_sleeps_total} and {@code ephemeral_ns_wakes_total}
 * (namespaces put to sleep and woken), {@code ephemeral_ns_sleep_failures_total} (requests of a sleep or wake that
 * failed; the namespace is tried again at the next check).
 */
public class SleepMetrics {

    private final AtomicLong sleeping = new AtomicLong();
    private final Counter sleeps;
    private final Counter wakes;
    private final Counter failures;

    public SleepMetrics(MeterRegistry registry) {
        Gauge.builder("ephemeral.ns.sleeping.namespaces", sleeping, AtomicLong::get)
                .description("Kept CI namespaces the janitor has put to sleep (workloads scaled to zero)")
                .register(registry);
        sleeps = Counter.builder("ephemeral.ns.sleeps").description("CI namespaces put to sleep").register(registry);
        wakes = Counter.builder("ephemeral.ns.wakes").description("Sleeping CI namespaces woken").register(registry);
        failures = Counter.builder("ephemeral.ns.sleep.failures")
                .description("Requests of a sleep or a wake that failed").register(registry);
    }

    void sleeping(long count) {
        sleeping.set(count);
    }

    void slept() {
        sleeps.increment();
    }

    void woken() {
        wakes.increment();
    }

    void failed() {
        failures.increment();
    }

    /** Sleeping namespaces as of the latest check. */
    public long sleeping() {
        return sleeping.get();
    }
}
