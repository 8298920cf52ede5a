package io.ephemeralns.janitor;

import io.ephemeralns.janitor.kube.ApiServerTime;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.util.Optional;

/**
 * The API server's time in the Quarkus tests of this module: the mock server sends no {@code Date}, and the tests
 * move the janitor's clock ({@link TestClock}) to simulate time passing, so the skew is what a test sets (zero by
 * default, as in a cluster with synchronised clocks). {@link io.ephemeralns.janitor.kube.HttpApiServerTimeTest} tests the real measurement.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestApiServerTime implements ApiServerTime {

    private static volatile Optional<Duration> skew = Optional.of(Duration.ZERO);

    /** Sets the skew the next sweeps measure; empty = cannot be measured. */
    public static void set(Optional<Duration> value) {
        skew = value;
    }

    /** Back to no skew. */
    public static void reset() {
        skew = Optional.of(Duration.ZERO);
    }

    @Override
    public Optional<Duration> skew() {
        return skew;
    }
}
