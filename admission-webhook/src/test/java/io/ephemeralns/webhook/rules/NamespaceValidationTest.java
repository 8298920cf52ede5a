package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.FRESH;
import static io.ephemeralns.webhook.rules.Fixtures.JANITOR;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.POLICY;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.WITH_DEFAULT_TTL;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.policy;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceValidationTest {

    private static final Obj ADMITTED = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
            .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");

    private static Verdict validate(Req request) {
        return validate(request, POLICY, cluster());
    }

    private static Verdict validate(Req request, Policy policy, ClusterView cluster) {
        return Fixtures.validate(request, policy, cluster, NOW);
    }

    private static Req create(Obj object) {
        return request("CREATE", "namespaces").object(object);
    }

    private static Req update(Obj old, Obj object) {
        return request("UPDATE", "namespaces").old(old).object(object);
    }

    @Test
    void refusesCiNamespaceWithoutTtl() {
        Verdict verdict = validate(create(ci("test-a")));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.code()).isEqualTo(403);
        assertThat(verdict.message()).contains("test-a", "label ttl is missing", "kubectl label namespace test-a ttl=24h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24H", "0s", "1h 30m", "abc", "-1h", "1.5h"})
    void refusesCiNamespaceWithInvalidTtlNamingValueAndAcceptedForms(String ttl) {
        Verdict verdict = validate(create(ci("test-a").label("ttl", ttl)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("label ttl=\"" + ttl + "\"", Ttl.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "59s", "73h", "4d"})
    void refusesTtlOutsideTheConfiguredBounds(String ttl) {
        Verdict verdict = validate(create(ci("test-a").label("ttl", ttl)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("label ttl=" + ttl, "between 1m and 3d", "e.g. ttl=24h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "90s", "45m", "1h30m", "24h", "72h", "3d"})
    void admitsCiNamespaceWithValidTtl(String ttl) {
        assertThat(validate(create(ci("test-a").label("ttl", ttl))).allowed()).isTrue();
    }

    @Test
    void admitsCiNamespaceWithoutTtlWhenADefaultIsConfigured() {
        assertThat(validate(create(ci("test-a")), policy(WITH_DEFAULT_TTL, 0, true), cluster()).allowed()).isTrue();
    }

    @Test
    void refusesAnInvalidTtlEvenWhenADefaultIsConfigured() {
        assertThat(validate(create(ci("test-a").label("ttl", "forever")), policy(WITH_DEFAULT_TTL, 0, true), cluster()).allowed())
                .isFalse();
    }

    static Stream<Arguments> notCi() {
        return Stream.of(
                Arguments.of("a plain namespace", ns("team-a")),
                Arguments.of("a protected namespace with CI labels", ci("kube-public")),
                Arguments.of("the product's own namespace with CI labels", ci("ephemeral-ns")));
    }

    @ParameterizedTest(name = "admits {0}")
    @MethodSource("notCi")
    void admitsNamespacesThatAreNotCi(String what, Obj object) {
        assertThat(validate(create(object))).isEqualTo(Verdict.allow());
    }

    @Test
    void refusesTheUpdateThatLabelsANamespaceCiWithoutTtl() {
        Obj plain = ns("test-a").created(FRESH);
        Verdict verdict = validate(update(plain, plain.copy().label("created-by", "ci-cd")));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("label ttl is missing");
    }

    @Test
    void admitsTheSeedsTwoStepFlow() {
        Obj plain = ns("test-a").created(FRESH);
        assertThat(validate(create(plain)).allowed()).isTrue();
        assertThat(validate(update(plain, plain.copy().label("created-by", "ci-cd").label("ttl", "24h")
                .label("branch", "main"))).allowed()).isTrue();
    }

    @Test
    void refusesLabellingANamespaceCiAfterTheLabelWindow() {
        Obj old = ns("team-a").created(CREATED);
        Verdict verdict = validate(update(old, old.copy().label("created-by", "ci-cd").label("ttl", "24h")));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith("namespace team-a refused by ephemeral-ns: namespace team-a was created at"
                + " 2026-11-26T09:00:00Z").contains("within 5m");
    }

    @Test
    void letsAClusterAdministratorLabelANamespaceCiAfterTheLabelWindow() {
        Obj old = ns("team-a").created(CREATED);
        assertThat(validate(update(old, old.copy().label("created-by", "ci-cd").label("ttl", "24h"))
                .by("kubernetes-admin", "system:masters")).allowed()).isTrue();
    }

    @Test
    void admitsUnrelatedUpdatesOfALegacyNamespaceWithAnInvalidTtl() {
        Obj legacy = ci("test-a").created(CREATED).label("ttl", "24H").label(ProductKeys.MANAGED, "true");
        assertThat(validate(update(legacy, legacy.copy().label("keep", "true"))).allowed()).isTrue();
    }

    @Test
    void refusesChangingTheTtlToAnInvalidValue() {
        assertThat(validate(update(ADMITTED, ADMITTED.copy().label("ttl", "1y"))).allowed()).isFalse();
    }

    /** Changes of the pipeline's own labels that would take a CI namespace out of the janitor's scope. */
    static Stream<Arguments> labelEscapes() {
        Obj withoutTtl = ADMITTED.copy();
        withoutTtl.labels.remove("ttl");
        Obj withoutSelector = ADMITTED.copy();
        withoutSelector.labels.remove("created-by");
        Obj otherSelector = ADMITTED.copy().label("created-by", "someone");
        return Stream.of(
                Arguments.of("removing ttl", withoutTtl, "label ttl was removed (it was ttl=1h)"),
                Arguments.of("removing the selector's labels", withoutSelector, "selector created-by=ci-cd were removed"),
                Arguments.of("changing the selector's labels", otherSelector, "selector created-by=ci-cd were removed"));
    }

    /** Changes of the product's keys that would do the same or postpone the expiry. */
    static Stream<Arguments> productKeyEscapes() {
        Obj withoutManaged = ADMITTED.copy();
        withoutManaged.labels.remove(ProductKeys.MANAGED);
        Obj beyondCap = ADMITTED.copy().annotation(ProductKeys.EXPIRES_AT, "2026-12-31T00:00:00Z");
        return Stream.of(
                Arguments.of("removing managed", withoutManaged, "label ephemeral-ns.io/managed was removed"),
                Arguments.of("moving the expiry", beyondCap,
                        "annotation ephemeral-ns.io/expires-at was changed from \"2026-11-26T10:00:00Z\" to \"2026-12-31T00:00:00Z\""));
    }

    static Stream<Arguments> escapes() {
        return Stream.concat(labelEscapes(), productKeyEscapes());
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("escapes")
    void refusesUpdatesThatEscapeTheJanitor(String what, Obj object, String message) {
        Verdict verdict = validate(update(ADMITTED, object));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains(message);
    }

    @ParameterizedTest(name = "refuses {0} through namespaces/status too")
    @MethodSource("escapes")
    void refusesTheSameEscapesThroughTheStatusAndFinalizeSubresources(String what, Obj object, String message) {
        assertThat(validate(update(ADMITTED, object).sub("status")).allowed()).isFalse();
        assertThat(validate(update(ADMITTED, object).sub("finalize")).allowed()).isFalse();
    }

    @ParameterizedTest(name = "lets the janitor do {0}")
    @MethodSource("escapes")
    void exemptsTheProductsServiceAccount(String what, Obj object, String message) {
        assertThat(validate(update(ADMITTED, object).by(JANITOR)).allowed()).isTrue();
    }

    @ParameterizedTest(name = "lets cluster administrators do {0}")
    @MethodSource("escapes")
    void exemptsMembersOfSystemMasters(String what, Obj object, String message) {
        assertThat(validate(update(ADMITTED, object).by("kubernetes-admin", "system:masters")).allowed()).isTrue();
    }

    @ParameterizedTest(name = "allows {0} while the namespace terminates")
    @MethodSource("labelEscapes")
    void allowsLabelChangesOfATerminatingNamespace(String what, Obj object, String message) {
        Obj terminating = ADMITTED.copy().deleting(NOW);
        assertThat(validate(update(terminating, object.copy().deleting(NOW)).sub("finalize")).allowed()).isTrue();
        assertThat(validate(update(terminating, object.copy().deleting(NOW))).allowed()).isTrue();
    }

    @ParameterizedTest(name = "refuses {0} while the namespace terminates")
    @MethodSource("productKeyEscapes")
    void refusesChangesOfProductKeysWhileTheNamespaceTerminates(String what, Obj object, String message) {
        Obj terminating = ADMITTED.copy().deleting(NOW);
        Verdict verdict = validate(update(terminating, object.copy().deleting(NOW)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains(message);
    }

    @Test
    void allowsTheNamespaceControllersUpdatesOfATerminatingNamespaceThatWasNeverAdmitted() {
        Obj terminating = ci("test-a").created(CREATED).label("ttl", "1h").deleting(NOW);
        Req finalize = update(terminating, terminating.copy()).sub("finalize").by(Exemptions.NAMESPACE_CONTROLLER);

        assertThat(validate(finalize)).isEqualTo(Verdict.allow());
    }

    @Test
    void reportsAllViolationsInOneMessage() {
        Obj stripped = ADMITTED.copy().label(ProductKeys.PROFILE, "gpu")
                .annotation(ProductKeys.EXPIRES_AT, "2027-01-01T00:00:00Z");
        stripped.labels.remove("ttl");
        stripped.labels.remove(ProductKeys.MANAGED);

        Verdict verdict = validate(update(ADMITTED, stripped));

        assertThat(verdict.message()).contains("(1) label " + ProductKeys.MANAGED + " was removed",
                "(2) label ephemeral-ns.io/profile=\"gpu\" was added",
                "(3) annotation ephemeral-ns.io/expires-at was changed from \"2026-11-26T10:00:00Z\" to \"2027-01-01T00:00:00Z\"",
                "(4) every ephemeral-ns.io/ label and annotation of a namespace is written by ephemeral-ns only",
                "(5) label ttl was removed").doesNotContain("(6)");
    }

    @Test
    void refusesAnUnknownProfileAndNamesTheKnownOnes() {
        Verdict verdict = validate(create(ci("test-a").label("ttl", "1h").label(ProductKeys.PROFILE, "gpu")));
        assertThat(verdict.message()).contains("[default, small]", "e.g. ephemeral-ns.io/profile=default");
        assertThat(validate(create(ci("test-a").label("ttl", "1h").label(ProductKeys.PROFILE, "small"))).allowed()).isTrue();
    }

    @Test
    void refusesANewCiNamespaceWhenTheLimitIsReachedAndSaysHowMany() {
        Verdict verdict = validate(create(ci("test-c").label("ttl", "1h")), policy(SETTINGS, 2, true),
                cluster(ADMITTED, ci("test-b").label("ttl", "1h"), ns("team-x")));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("2 CI namespaces exist already", "webhook.max-namespaces) is 2");
    }

    @Test
    void countsNeitherTerminatingNorOtherNamespacesTowardsTheLimit() {
        assertThat(validate(create(ci("test-c").label("ttl", "1h")), policy(SETTINGS, 2, true),
                cluster(ADMITTED, ci("test-b").label("ttl", "1h").deleting(NOW), ns("team-x"))).allowed()).isTrue();
    }

    @Test
    void appliesTheLimitAtTheUpdateThatMakesANamespaceCi() {
        Obj plain = ns("test-c").created(FRESH);
        assertThat(validate(update(plain, plain.copy().label("created-by", "ci-cd").label("ttl", "1h")), policy(SETTINGS, 1, true),
                cluster(ADMITTED, plain)).allowed()).isFalse();
    }

    @Test
    void admitsWithAWarningWhenTheLimitCannotBeCheckedYet() {
        Verdict verdict = validate(create(ci("test-c").label("ttl", "1h")), policy(SETTINGS, 1, true), ClusterView.UNKNOWN);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().asString().contains("was not checked", "not synced");
    }

    @Test
    void handlesDryRunExactlyLikeARealRequest() {
        assertThat(validate(create(ci("test-a")).dryRun())).isEqualTo(validate(create(ci("test-a"))));
    }

    @Test
    void admitsNamespaceDeletion() {
        assertThat(validate(request("DELETE", "namespaces").old(ADMITTED))).isEqualTo(Verdict.allow());
    }

    @Test
    void requiresTheTtlFromAdministratorsToo() {
        assertThat(validate(create(ci("test-a")).by("kubernetes-admin", "system:masters")).allowed()).isFalse();
    }
}
