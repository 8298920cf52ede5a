package io.ephemeralns.janitor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ClockSkewTest {

    private static final Instant SENT = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void measuresTheJanitorsClockMinusTheServersFromTheMiddleOfTheRequest() {
        // the server said 09:59:00 (so 09:59:00.5 on average); the janitor's middle of the request is 10:00:01
        Optional<Duration> skew = ClockSkew.measure(SENT, SENT.plusSeconds(2), "Thu, 26 Nov 2026 09:59:00 GMT");
        assertThat(skew).contains(Duration.ofMillis(60_500));
    }

    @Test
    void aJanitorClockBehindTheServerGivesANegativeSkew() {
        assertThat(ClockSkew.measure(SENT, SENT, "Thu, 26 Nov 2026 10:05:00 GMT")).contains(Duration.ofMillis(-300_500));
    }

    @Test
    void cannotMeasureWithoutAReadableDateHeader() {
        assertThat(ClockSkew.measure(SENT, SENT, null)).isEmpty();
        assertThat(ClockSkew.measure(SENT, SENT, "yesterday")).isEmpty();
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("no skew is trusted", Optional.of(Duration.ZERO), ClockSkew.Verdict.TRUSTED),
                Arguments.of("a skew at the bound is trusted", Optional.of(BOUND), ClockSkew.Verdict.TRUSTED),
                Arguments.of("a janitor clock ahead by more than the bound is not trusted",
                        Optional.of(BOUND.plusSeconds(1)), ClockSkew.Verdict.BEYOND_BOUND),
                Arguments.of("a janitor clock behind by more than the bound is not trusted",
                        Optional.of(BOUND.plusSeconds(1).negated()), ClockSkew.Verdict.BEYOND_BOUND),
                Arguments.of("an unknown skew is not trusted", Optional.empty(), ClockSkew.Verdict.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void theClockIsTrustedOnlyWhenTheMeasuredSkewIsWithinTheBound(String rule, Optional<Duration> skew,
            ClockSkew.Verdict expected) {
        assertThat(new ClockSkew(skew, BOUND).verdict()).isEqualTo(expected);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a leader with a trusted clock acts", true, ClockSkew.Verdict.TRUSTED, true, Optional.empty()),
                Arguments.of("a replica that lost the lease never acts", false, ClockSkew.Verdict.TRUSTED, false,
                        Optional.of(Refusal.NOT_LEADER)),
                Arguments.of("a skewed clock refuses time-based actions", true, ClockSkew.Verdict.BEYOND_BOUND, true,
                        Optional.of(Refusal.CLOCK_SKEW)),
                Arguments.of("an unknown skew refuses time-based actions", true, ClockSkew.Verdict.UNKNOWN, true,
                        Optional.of(Refusal.CLOCK_SKEW)),
                Arguments.of("a skewed clock still releases the janitor's access", true, ClockSkew.Verdict.BEYOND_BOUND,
                        false, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void everyActionNeedsTheLeaseAndTimeBasedOnesATrustedClock(String rule, boolean leader, ClockSkew.Verdict clock,
            boolean timeBased, Optional<Refusal> expected) {
        assertThat(Refusal.decide(leader, clock, timeBased)).isEqualTo(expected);
    }
}
