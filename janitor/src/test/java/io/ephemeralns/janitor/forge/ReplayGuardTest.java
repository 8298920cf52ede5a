package io.ephemeralns.janitor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aDeliveryIdIsTakenOnce() {
        ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10);
        assertThat(guard.firstSeen("a", T0)).isTrue();
        assertThat(guard.firstSeen("a", T0.plusSeconds(5))).isFalse();
    }

    @Test
    void otherIdsAreTaken() {
        ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10);
        guard.firstSeen("a", T0);
        assertThat(guard.firstSeen("b", T0)).isTrue();
    }

    @Test
    void anIdIsForgottenAfterTheWindow() {
        ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10);
        guard.firstSeen("a", T0);
        assertThat(guard.firstSeen("a", T0.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void memoryIsBoundedByTheCapacityOldestFirst() {
        ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 3);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            guard.firstSeen(id, T0);
        }
        assertThat(guard.size()).isEqualTo(3);
        assertThat(guard.firstSeen("d", T0)).isFalse();
        assertThat(guard.firstSeen("a", T0)).isTrue();
    }

    @Test
    void aForgottenIdIsTakenAgainSoThatARedeliveryWorks() {
        ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10);
        guard.firstSeen("a", T0);
        guard.forget("a");
        assertThat(guard.firstSeen("a", T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new ReplayGuard(Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
