package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.ALICE;
import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.webhook.rules.ExtensionRule.Kind;
import io.ephemeralns.webhook.rules.ExtensionRule.Outcome;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExtensionRuleTest {

    /** An admitted CI namespace created an hour before {@link Fixtures#NOW}, expiring an hour after it (ttl 2h). */
    private static final Obj ADMITTED = ci("test-a").created(CREATED).label("ttl", "2h").label(ProductKeys.MANAGED, "true")
            .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");

    private static NamespaceView view(Obj object) {
        return NamespaceView.of(Fixtures.MAPPER.convertValue(object.map(), io.fabric8.kubernetes.api.model.Namespace.class));
    }

    private static Outcome update(Obj old, String request) {
        return ExtensionRule.decide(false, view(old), view(old.copy().annotation(ProductKeys.EXTEND, request)), ALICE, SETTINGS, NOW);
    }

    @Test
    void anObjectWithoutRequestHasNothingToDecide() {
        assertThat(ExtensionRule.decide(false, view(ADMITTED), view(ADMITTED), ALICE, SETTINGS, NOW).kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void grantsTheRequestedTimeFromNowAndRecordsWhoWhenAndHowLong() {
        Outcome outcome = update(ADMITTED, "4h");

        assertThat(outcome.kind()).isEqualTo(Kind.GRANTED);
        assertThat(outcome.message()).isEmpty();
        assertThat(outcome.stamps()).isEqualTo(Map.of(
                ProductKeys.EXPIRES_AT, "2026-11-26T14:00:00Z",
                ProductKeys.EXTENDED_AT, "2026-11-26T10:00:00Z",
                ProductKeys.EXTENDED_BY, ALICE,
                ProductKeys.EXTENDED_FOR, "4h"));
    }

    @Test
    void stampsWholeSecondsSoThatTheStampsCanBeReplayed() {
        Outcome outcome = ExtensionRule.decide(false, view(ADMITTED), view(ADMITTED.copy().annotation(ProductKeys.EXTEND, "90m")),
                ALICE, SETTINGS, NOW.plusMillis(700));

        assertThat(outcome.stamps()).containsEntry(ProductKeys.EXTENDED_AT, "2026-11-26T10:00:00Z")
                .containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T11:30:00Z").containsEntry(ProductKeys.EXTENDED_FOR, "1h30m");
    }

    @Test
    void clampsARequestBeyondMaxLifetimeToCreationPlusMaxLifetimeWithAWarning() {
        Obj old = ADMITTED.copy().created(NOW.minus(Duration.ofDays(7)).plus(Duration.ofHours(4)));

        Outcome outcome = update(old, "72h");

        assertThat(outcome.kind()).isEqualTo(Kind.GRANTED);
        assertThat(outcome.stamps()).containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T14:00:00Z")
                .containsEntry(ProductKeys.EXTENDED_FOR, "3d");
        assertThat(outcome.message()).hasValueSatisfying(warning -> assertThat(warning)
                .contains("max-lifetime 1w from its creation ends at 2026-11-26T14:00:00Z").contains("was shortened"));
    }

    static Stream<Arguments> unchanged() {
        return Stream.of(
                Arguments.of("its ttl already lasts longer", ADMITTED.copy().label("ttl", "24h"), "4h", "(ttl)"),
                Arguments.of("keep already keeps it longer", ADMITTED.copy().label("keep", "true")
                        .annotation(ProductKeys.KEPT_AT, "2026-11-26T09:30:00Z"), "4h", "(keep_expired)"),
                Arguments.of("an earlier extension reached max-lifetime", ADMITTED.copy()
                        .created(NOW.minus(Duration.ofDays(7)).plus(Duration.ofHours(1)))
                        .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T09:30:00Z"), "4h", "max-lifetime 1w"));
    }

    @ParameterizedTest(name = "a request that would shorten the life changes nothing: {0}")
    @MethodSource("unchanged")
    void neverShortensALife(String why, Obj old, String request, String expected) {
        Outcome outcome = update(old, request);

        assertThat(outcome.kind()).isEqualTo(Kind.UNCHANGED);
        assertThat(outcome.stamps()).isEmpty();
        assertThat(outcome.message()).hasValueSatisfying(warning -> assertThat(warning).contains("already expires at")
                .contains("changed nothing").contains(expected));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("an upper-case unit", ADMITTED, "4H", Ttl.ACCEPTED),
                Arguments.of("words", ADMITTED, "4 hours", Ttl.ACCEPTED),
                Arguments.of("an empty value", ADMITTED, "", Ttl.ACCEPTED),
                Arguments.of("zero", ADMITTED, "0s", "between 1m and 3d"),
                Arguments.of("less than min-ttl", ADMITTED, "30s", "shorter than min-ttl 1m"),
                Arguments.of("more than max-ttl", ADMITTED, "73h", "longer than max-ttl 3d: ask for a duration between 1m and 3d"),
                Arguments.of("a namespace the webhook never admitted", ci("test-a").created(CREATED).label("ttl", "2h"), "4h",
                        "is not a CI namespace admitted by ephemeral-ns"),
                Arguments.of("a namespace that is not CI", ns("team-a").created(CREATED), "4h",
                        "is not a CI namespace admitted by ephemeral-ns"),
                Arguments.of("a terminating namespace", ADMITTED.copy().deleting(NOW), "4h", "is terminating"));
    }

    @ParameterizedTest(name = "refuses {0}, saying what is accepted")
    @MethodSource("refused")
    void refusesWhatItCannotGrant(String what, Obj old, String request, String expected) {
        Outcome outcome = update(old, request);

        assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
        assertThat(outcome.request()).isEqualTo(request);
        assertThat(outcome.stamps()).isEmpty();
        assertThat(outcome.message()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("annotation ephemeral-ns.io/extend=\"" + request + "\"").contains(expected));
    }

    @Test
    void refusesARequestAtCreationPointingToTheTtlLabel() {
        Obj object = ci("test-a").label("ttl", "2h").annotation(ProductKeys.EXTEND, "4h");

        Outcome outcome = ExtensionRule.decide(true, null, view(object), ALICE, SETTINGS, NOW);

        assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
        assertThat(outcome.message()).hasValueSatisfying(message -> assertThat(message).contains("label ttl, e.g. ttl=24h"));
    }

    private static Obj granted(Obj old) {
        Obj object = old.copy();
        update(old, "4h").stamps().forEach(object::annotation);
        return object;
    }

    @Test
    void replaysTheStampsOfAnExtensionGrantedEarlierInTheSameRequest() {
        Obj object = granted(ADMITTED);

        assertThat(ExtensionRule.replay(view(ADMITTED), view(object), ALICE, SETTINGS, NOW.plusSeconds(2)))
                .contains(update(ADMITTED, "4h").stamps());
    }

    static Stream<Arguments> notReplayed() {
        Obj granted = granted(ADMITTED);
        return Stream.of(
                Arguments.of("no stamps", ADMITTED.copy(), ALICE),
                Arguments.of("another requester", granted.copy(), "mallory"),
                Arguments.of("a later expiry than granted", granted.copy().annotation(ProductKeys.EXPIRES_AT, "2026-11-26T20:00:00Z"),
                        ALICE),
                Arguments.of("a longer extended-for than max-ttl", granted.copy().annotation(ProductKeys.EXTENDED_FOR, "5d")
                        .annotation(ProductKeys.EXPIRES_AT, "2026-12-01T10:00:00Z"), ALICE),
                Arguments.of("an extended-at far from now", granted.copy().annotation(ProductKeys.EXTENDED_AT, "2026-11-26T08:00:00Z")
                        .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z"), ALICE));
    }

    @ParameterizedTest(name = "does not take as granted: {0}")
    @MethodSource("notReplayed")
    void doesNotTakeStampsWrittenByTheRequesterAsGranted(String what, Obj object, String requester) {
        assertThat(ExtensionRule.replay(view(ADMITTED), view(object), requester, SETTINGS, NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void stampsAlreadyStoredAreNotAReplay() {
        Obj stored = granted(ADMITTED);

        assertThat(ExtensionRule.replay(view(stored), view(stored.copy().label("branch", "main")), ALICE, SETTINGS, NOW)).isEmpty();
    }
}
