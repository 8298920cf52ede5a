package io.ephemeralns.janitor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private TokenBucket bucket(double rate, double burst) {
        return new TokenBucket(rate, burst, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void theFirstAcquisitionIsImmediate() throws Exception {
        bucket(5, 1).acquire();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void spacesAcquisitionsByTheInverseOfTheRate() throws Exception {
        TokenBucket bucket = bucket(5, 1);
        for (int i = 0; i < 4; i++) {
            bucket.acquire();
        }
        assertThat(sleeps).containsExactly(200_000_000L, 200_000_000L, 200_000_000L);
        assertThat(now).isEqualTo(600_000_000L);
    }

    @Test
    void timeThatPassedOnItsOwnRefillsTheBucket() throws Exception {
        TokenBucket bucket = bucket(5, 1);
        bucket.acquire();
        now += 1_000_000_000L;
        bucket.acquire();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void idleTimeNeverBuildsMoreThanTheBurst() throws Exception {
        TokenBucket bucket = bucket(5, 2);
        now += 60_000_000_000L;
        bucket.acquire();
        bucket.acquire();
        bucket.acquire();
        assertThat(sleeps).containsExactly(200_000_000L);
    }

    @Test
    void concurrentCallersEachGetTheirOwnSlot() throws Exception {
        // time stands still: each caller reserves the next slot, whatever the order they arrive in
        TokenBucket bucket = new TokenBucket(5, 1, () -> 0L, nanos -> {
            synchronized (sleeps) {
                sleeps.add(nanos);
            }
        });
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(new Thread(() -> {
                try {
                    bucket.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(sleeps).containsExactlyInAnyOrder(200_000_000L, 400_000_000L, 600_000_000L);
    }

    @Test
    void anInterruptedCallerStopsWaiting() {
        TokenBucket bucket = new TokenBucket(5, 1, () -> 0L, nanos -> {
            throw new InterruptedException();
        });
        assertThatThrownBy(() -> {
            bucket.acquire();
            bucket.acquire();
        }).isInstanceOf(InterruptedException.class);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> bucket(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
