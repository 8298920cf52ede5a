package io.ephemeralns.janitor.act;

import java.util.function.LongSupplier;

/**
 * A token bucket: at most {@code ratePerSecond} acquisitions per second on average, with bursts of up to
 * {@code burst}. The fabric8 client has no client-side rate limiter, and a janitor that finds a thousand
 * leaked namespaces must not hit the API server with a thousand deletes at once.
 *
 * <p>Thread-safe, and fair in order of arrival: each caller reserves the next free slot under the lock (the balance
 * may go below zero, one token per waiting caller) and then sleeps outside it, so that concurrent deleters are
 * spaced by {@code 1/ratePerSecond} without holding the lock while asleep, and an interrupted caller wakes at once
 * (a thread blocked on a monitor could not be interrupted). A reservation is not given back when its caller is
 * interrupted: the rate can only be undershot.
 *
 * <p>Time and sleeping are injected so that the arithmetic is tested without waiting.
 */
public final class TokenBucket {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** A bucket on the system clock with a burst of one: strictly spaced acquisitions. */
    public static TokenBucket perSecond(double ratePerSecond) {
        return new TokenBucket(ratePerSecond, 1, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Takes one token, sleeping until it is due. */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** Takes the next token, due now or in the future; returns the nanoseconds until it is due. */
    private synchronized long reserve() {
        refill();
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
