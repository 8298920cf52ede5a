package io.ephemeralns.janitor;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset the tests set: the mock server stamps every namespace with its own
 * "now", so a test moves the janitor's clock forward instead of back-dating namespaces.
 */
public final class TestClock extends Clock {

    private static volatile Duration offset = Duration.ZERO;

    /** Moves the janitor's clock to {@code offset} after the real time. */
    public static void advance(Duration by) {
        offset = by;
    }

    /** Back to the real time. */
    public static void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Replaces the production clock in every Quarkus test of this module. */
    @ApplicationScoped
    static class Producer {
        @Produces
        @Singleton
        @Alternative
        @Priority(1)
        Clock clock() {
            return new TestClock();
        }
    }
}
