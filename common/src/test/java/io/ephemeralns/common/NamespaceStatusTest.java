package io.ephemeralns.common;

import static io.ephemeralns.common.Fixtures.DEFAULTS;
import static io.ephemeralns.common.Fixtures.T0;
import static io.ephemeralns.common.Fixtures.ci;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceStatusTest {

    private static final Duration STUCK_AFTER = Duration.ofMinutes(15);

    static Stream<Arguments> states() {
        Instant hourLater = T0.plus(Duration.ofHours(1));
        return Stream.of(
                Arguments.of("within its ttl it is active", ci("a").label("ttl", "2h").view(), hourLater, NamespaceState.ACTIVE),
                Arguments.of("at its expiry it is expired", ci("a").label("ttl", "1h").view(), hourLater, NamespaceState.EXPIRED),
                Arguments.of("past its expiry it is expired", ci("a").label("ttl", "30m").view(), hourLater, NamespaceState.EXPIRED),
                Arguments.of("kept past its ttl it is kept",
                        ci("a").label("ttl", "30m").label("keep", "true").view(), hourLater, NamespaceState.KEPT),
                Arguments.of("kept past keep-for it is expired",
                        ci("a").label("ttl", "30m").label("keep", "true").view(), T0.plus(Duration.ofHours(25)),
                        NamespaceState.EXPIRED),
                Arguments.of("kept but still within its ttl it is active",
                        ci("a").label("ttl", "48h").label("keep", "true").view(), hourLater, NamespaceState.ACTIVE),
                Arguments.of("without ttl it is no_ttl", ci("a").view(), hourLater, NamespaceState.NO_TTL),
                Arguments.of("with an invalid ttl it is no_ttl", ci("a").label("ttl", "24H").view(), hourLater, NamespaceState.NO_TTL),
                Arguments.of("without ttl past the fallback it is expired", ci("a").view(), T0.plus(Duration.ofHours(24)),
                        NamespaceState.EXPIRED),
                Arguments.of("with a defaulted ttl it is active",
                        ci("a").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z").view(), hourLater, NamespaceState.ACTIVE),
                Arguments.of("deleting briefly it is terminating",
                        ci("a").label("ttl", "30m").deleting(hourLater.minusSeconds(60)).view(), hourLater, NamespaceState.TERMINATING),
                Arguments.of("deleting exactly stuck-after it is still terminating",
                        ci("a").deleting(hourLater.minus(STUCK_AFTER)).view(), hourLater, NamespaceState.TERMINATING),
                Arguments.of("deleting longer than stuck-after it is stuck",
                        ci("a").deleting(hourLater.minus(STUCK_AFTER).minusSeconds(1)).view(), hourLater, NamespaceState.STUCK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void classifiesEachNamespaceIntoOneState(String behaviour, NamespaceView namespace, Instant now, NamespaceState state) {
        assertThat(NamespaceStatus.classify(namespace, DEFAULTS, STUCK_AFTER, now).state()).isEqualTo(state);
    }

    @Test
    void reportsTheAgeSinceCreation() {
        NamespaceStatus status = NamespaceStatus.classify(ci("a").view(), DEFAULTS, STUCK_AFTER, T0.plusSeconds(90));
        assertThat(status.age()).contains(Duration.ofSeconds(90));
    }

    @Test
    void anAgeIsNeverNegativeWhenClocksDisagree() {
        NamespaceStatus status = NamespaceStatus.classify(ci("a").view(), DEFAULTS, STUCK_AFTER, T0.minusSeconds(5));
        assertThat(status.age()).contains(Duration.ZERO);
    }

    @Test
    void reportsHowLongANamespaceHasBeenTerminating() {
        NamespaceStatus status = NamespaceStatus.classify(ci("a").deleting(T0).view(), DEFAULTS, STUCK_AFTER, T0.plusSeconds(30));
        assertThat(status.terminatingFor(T0.plusSeconds(30))).contains(Duration.ofSeconds(30));
    }
}
