package io.ephemeralns.common;

import static io.ephemeralns.common.Fixtures.DEFAULTS;
import static io.ephemeralns.common.Fixtures.T0;
import static io.ephemeralns.common.Fixtures.ci;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExpiryTest {

    private static final CiSettings NO_FALLBACK = CiSettings.builder().ownNamespace(Optional.of("ephemeral-ns"))
            .fallbackTtl(Optional.empty()).build();

    static Stream<Arguments> rule() {
        return Stream.of(
                Arguments.of("a valid ttl counts from creation",
                        ci("a").label("ttl", "2h").view(), DEFAULTS, T0.plus(Duration.ofHours(2)), ExpiryBasis.TTL),
                Arguments.of("an invalid ttl falls back to a stamped expires-at",
                        ci("a").label("ttl", "24H").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T13:00:00Z").view(),
                        DEFAULTS, Instant.parse("2026-11-26T13:00:00Z"), ExpiryBasis.DEFAULT_TTL),
                Arguments.of("a defaulted namespace uses its stamped expires-at",
                        ci("a").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z").view(),
                        DEFAULTS, Instant.parse("2026-11-26T11:00:00Z"), ExpiryBasis.DEFAULT_TTL),
                Arguments.of("a valid ttl wins over a stamped expires-at",
                        ci("a").label("ttl", "1h").annotation(ProductKeys.EXPIRES_AT, "2026-11-27T10:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(1)), ExpiryBasis.TTL),
                Arguments.of("an extended namespace uses its stamped expires-at, not creation plus ttl",
                        ci("a").label("ttl", "1h").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T15:00:00Z")
                                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T11:00:00Z").view(),
                        DEFAULTS, Instant.parse("2026-11-26T15:00:00Z"), ExpiryBasis.EXTENDED),
                Arguments.of("an extended namespace with an unreadable expires-at falls back to its ttl",
                        ci("a").label("ttl", "1h").annotation(ProductKeys.EXPIRES_AT, "later")
                                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T11:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(1)), ExpiryBasis.TTL),
                Arguments.of("keep still extends an extended namespace further",
                        ci("a").label("ttl", "1h").label("keep", "true").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T15:00:00Z")
                                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T11:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(24)), ExpiryBasis.KEEP),
                Arguments.of("an extension beyond max-lifetime is capped",
                        ci("a").label("ttl", "1h").annotation(ProductKeys.EXPIRES_AT, "2027-01-01T00:00:00Z")
                                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T11:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofDays(7)), ExpiryBasis.MAX_LIFETIME),
                Arguments.of("an unreadable expires-at is ignored",
                        ci("a").annotation(ProductKeys.EXPIRES_AT, "tomorrow").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(24)), ExpiryBasis.FALLBACK_TTL),
                Arguments.of("no ttl uses the fallback ttl",
                        ci("a").view(), DEFAULTS, T0.plus(Duration.ofHours(24)), ExpiryBasis.FALLBACK_TTL),
                Arguments.of("an invalid ttl uses the fallback ttl",
                        ci("a").label("ttl", "0s").view(), DEFAULTS, T0.plus(Duration.ofHours(24)), ExpiryBasis.FALLBACK_TTL),
                Arguments.of("without fallback, max-lifetime still bounds a namespace without ttl",
                        ci("a").view(), NO_FALLBACK, T0.plus(Duration.ofDays(7)), ExpiryBasis.MAX_LIFETIME),
                Arguments.of("keep extends the expiry to creation plus keep-for when kept-at is missing",
                        ci("a").label("ttl", "1h").label("keep", "true").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(24)), ExpiryBasis.KEEP),
                Arguments.of("keep extends the expiry to kept-at plus keep-for",
                        ci("a").label("ttl", "1h").label("keep", "true")
                                .annotation(ProductKeys.KEPT_AT, "2026-11-26T12:00:00Z").view(),
                        DEFAULTS, Instant.parse("2026-11-27T12:00:00Z"), ExpiryBasis.KEEP),
                Arguments.of("keep never shortens a longer ttl",
                        ci("a").label("ttl", "48h").label("keep", "true").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(48)), ExpiryBasis.TTL),
                Arguments.of("keep other than true is not keep",
                        ci("a").label("ttl", "1h").label("keep", "yes").view(),
                        DEFAULTS, T0.plus(Duration.ofHours(1)), ExpiryBasis.TTL),
                Arguments.of("keep beyond max-lifetime is capped at max-lifetime",
                        ci("a").label("ttl", "1h").label("keep", "true")
                                .annotation(ProductKeys.KEPT_AT, "2026-12-03T09:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofDays(7)), ExpiryBasis.MAX_LIFETIME),
                Arguments.of("a ttl beyond max-lifetime is capped at max-lifetime",
                        ci("a").label("ttl", "2w").view(), DEFAULTS, T0.plus(Duration.ofDays(7)), ExpiryBasis.MAX_LIFETIME),
                Arguments.of("a stamped expiry beyond max-lifetime is capped",
                        ci("a").annotation(ProductKeys.EXPIRES_AT, "2027-01-01T00:00:00Z").view(),
                        DEFAULTS, T0.plus(Duration.ofDays(7)), ExpiryBasis.MAX_LIFETIME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rule")
    void appliesTheContractsExpiryRule(String behaviour, NamespaceView namespace, CiSettings settings,
            Instant expiresAt, ExpiryBasis basis) {
        Expiry expiry = Expiry.of(namespace, settings);
        assertThat(expiry.expiresAt()).contains(expiresAt);
        assertThat(expiry.basis()).isEqualTo(basis);
    }

    @ParameterizedTest(name = "ttl {0}, keep {1}, teardown-at {2}: expires at {3} ({4})")
    @CsvSource(nullValues = "-", value = {
            "24h, -,    2026-11-26T10:05:00Z, 2026-11-26T10:05:00Z, TEARDOWN",
            "1h,  -,    2026-11-26T20:00:00Z, 2026-11-26T11:00:00Z, TTL",
            "1h,  true, 2026-11-26T10:05:00Z, 2026-11-27T10:00:00Z, KEEP",
            "2h,  -,    soon,                 2026-11-26T12:00:00Z, TTL",
            "2w,  -,    2026-12-10T00:00:00Z, 2026-12-03T10:00:00Z, MAX_LIFETIME",
    })
    void teardownAtOnlyBringsAnExpiryForwardAndKeepWinsOverIt(String ttl, String keep, String teardownAt,
            Instant expiresAt, ExpiryBasis basis) {
        // a null keep is no keep label: the view drops null values
        Expiry expiry = Expiry.of(ci("a").label("ttl", ttl).label("keep", keep)
                .annotation(ProductKeys.TEARDOWN_AT, teardownAt).view(), DEFAULTS);
        assertThat(expiry.expiresAt()).contains(expiresAt);
        assertThat(expiry.basis()).isEqualTo(basis);
    }

    @Test
    void teardownAtGivesAnExpiryToANamespaceThatHasNone() {
        Expiry expiry = Expiry.of(ci("a").created(null).annotation(ProductKeys.TEARDOWN_AT, "2026-11-26T10:05:00Z").view(),
                DEFAULTS);
        assertThat(expiry.expiresAt()).contains(Instant.parse("2026-11-26T10:05:00Z"));
        assertThat(expiry.basis()).isEqualTo(ExpiryBasis.TEARDOWN);
    }

    @Test
    void aNamespaceWithoutCreationTimeAndNoStampNeverExpires() {
        Expiry expiry = Expiry.of(ci("a").created(null).label("ttl", "1h").view(), DEFAULTS);
        assertThat(expiry.expiresAt()).isEmpty();
        assertThat(expiry.isDue(T0.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void aNamespaceWithoutCreationTimeStillHonoursItsStampedExpiry() {
        Expiry expiry = Expiry.of(ci("a").created(null)
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z").view(), DEFAULTS);
        assertThat(expiry.expiresAt()).contains(Instant.parse("2026-11-26T11:00:00Z"));
    }

    @Test
    void isDueExactlyAtTheExpiryInstant() {
        Expiry expiry = Expiry.of(ci("a").label("ttl", "1h").view(), DEFAULTS);
        assertThat(expiry.isDue(T0.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void isNotDueOneSecondBeforeTheExpiryInstant() {
        Expiry expiry = Expiry.of(ci("a").label("ttl", "1h").view(), DEFAULTS);
        assertThat(expiry.isDue(T0.plus(Duration.ofHours(1)).minusSeconds(1))).isFalse();
    }

    @Test
    void reportsWhyTheTtlLabelIsNotValid() {
        assertThat(Expiry.of(ci("a").label("ttl", "24H").view(), DEFAULTS).ttlProblem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("\"24H\"").contains(Ttl.ACCEPTED));
        assertThat(Expiry.of(ci("a").view(), DEFAULTS).ttlProblem()).contains("no ttl label");
        assertThat(Expiry.of(ci("a").label("ttl", "2h").view(), DEFAULTS).ttlProblem()).isEmpty();
    }

    @Test
    void readsTheTtlFromTheConfiguredLabelKey() {
        CiSettings custom = CiSettings.builder().ttlLabel("lifetime").keepLabel("hold").build();
        Expiry expiry = Expiry.of(ci("a").label("lifetime", "2h").label("ttl", "5h").view(), custom);
        assertThat(expiry.expiresAt()).contains(T0.plus(Duration.ofHours(2)));
        assertThat(expiry.ttl()).isEqualTo(Optional.of(Duration.ofHours(2)));
    }
}
