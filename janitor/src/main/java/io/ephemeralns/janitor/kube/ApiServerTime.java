package io.ephemeralns.janitor.kube;

import io.ephemeralns.janitor.plan.ClockSkew;
import java.time.Duration;
import java.util.Optional;

/**
 * Measures the skew between the janitor's clock and the API server's ({@link ClockSkew#measure}). An interface so
 * that component tests, whose mock server sends no {@code Date} and whose janitor clock is moved forward to
 * simulate time passing, can state the skew they test.
 */
public interface ApiServerTime {

    /** The skew ({@code janitor - server}), empty when it cannot be measured now. */
    Optional<Duration> skew();
}
