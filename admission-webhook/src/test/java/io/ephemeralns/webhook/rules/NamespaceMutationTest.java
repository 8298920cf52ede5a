package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.FRESH;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.WEBHOOK;
import static io.ephemeralns.webhook.rules.Fixtures.WITH_DEFAULT_TTL;
import static io.ephemeralns.webhook.rules.Fixtures.annotations;
import static io.ephemeralns.webhook.rules.Fixtures.applyPatch;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.labels;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceMutationTest {

    private static Verdict decide(Req request, CiSettings settings, Instant now) {
        return Fixtures.mutate(request, settings, now);
    }

    private static Map<String, Object> patched(Req request, Obj object, CiSettings settings, Instant now) {
        return applyPatch(decide(request, settings, now), object.map());
    }

    @Test
    void stampsManagedLabelExpiryAndSourceAtCreateOfCiNamespace() {
        Obj object = ci("test-a").label("ttl", "2h");
        Map<String, Object> result = patched(request("CREATE", "namespaces").object(object), object, SETTINGS, NOW);

        assertThat(labels(result)).containsEntry(ProductKeys.MANAGED, "true").containsEntry("ttl", "2h")
                .containsEntry("created-by", "ci-cd").hasSize(3);
        assertThat(annotations(result)).containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z")
                .containsEntry(ProductKeys.TTL_SOURCE, "label").containsEntry(ProductKeys.ADMITTED_AT, "2026-11-26T10:00:00Z")
                .hasSize(3);
    }

    @Test
    void createsTheAnnotationsMapWhenAbsentAndEscapesKeysWithSlashes() {
        Verdict verdict = decide(request("CREATE", "namespaces").object(ci("test-a").label("ttl", "2h")), SETTINGS, NOW);

        assertThat(verdict.patch()).extracting(op -> op.get("path"))
                .containsExactly("/metadata/labels/ephemeral-ns.io~1managed", "/metadata/annotations");
    }

    @Test
    void addsEntriesOneByOneWhenTheMapsExist() {
        Obj object = ci("test-a").label("ttl", "2h").annotation("note", "x");
        Verdict verdict = decide(request("CREATE", "namespaces").object(object), SETTINGS, NOW);

        assertThat(verdict.patch()).extracting(op -> op.get("path")).containsExactly(
                "/metadata/labels/ephemeral-ns.io~1managed",
                "/metadata/annotations/ephemeral-ns.io~1admitted-at",
                "/metadata/annotations/ephemeral-ns.io~1expires-at",
                "/metadata/annotations/ephemeral-ns.io~1ttl-source");
        assertThat(annotations(applyPatch(verdict, object.map()))).containsEntry("note", "x");
    }

    @Test
    void createsBothMapsWhenTheyAreEmptyOrAbsent() {
        Obj absent = ns("test-x");
        absent.labels = null;
        Obj withName = ns("test-a").emptyMaps();
        CiSettings byName = CiSettings.builder().namePattern(java.util.Optional.of("^test-"))
                .ownNamespace(java.util.Optional.of("ephemeral-ns")).defaultTtl(java.util.Optional.of(Duration.ofHours(24)))
                .build();
        for (Obj object : new Obj[] {absent, withName}) {
            Map<String, Object> result = patched(request("CREATE", "namespaces").object(object), object, byName, NOW);
            assertThat(labels(result)).containsExactly(Map.entry(ProductKeys.MANAGED, "true"));
            assertThat(annotations(result)).containsEntry(ProductKeys.TTL_SOURCE, "default");
        }
    }

    static Stream<Arguments> notCi() {
        return Stream.of(
                Arguments.of("a namespace without CI labels", ns("team-a").label("ttl", "1h")),
                Arguments.of("a protected namespace with CI labels", ci("kube-system").label("ttl", "1h")),
                Arguments.of("the product's own namespace", ci("ephemeral-ns")),
                Arguments.of("a terminating CI namespace", ci("test-a").deleting(NOW)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notCi")
    void leavesNamespacesThatAreNotCiUnchanged(String what, Obj object) {
        assertThat(decide(request("CREATE", "namespaces").object(object), SETTINGS, NOW).patch()).isEmpty();
        assertThat(decide(request("UPDATE", "namespaces").old(object.copy()).object(object), SETTINGS, NOW).patch()).isEmpty();
    }

    static Stream<Arguments> updates() {
        Obj plain = ns("test-a").created(FRESH);
        Obj ciOld = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");
        return Stream.of(
                Arguments.of("the update that labels a namespace", plain,
                        plain.copy().label("created-by", "ci-cd").label("ttl", "24h"), "2026-11-27T09:59:30Z", "label"),
                Arguments.of("a ttl change", ciOld, ciOld.copy().label("ttl", "3h"), "2026-11-26T12:00:00Z", "label"),
                Arguments.of("a missing expiry", ciOld.copy(), copyWithout(ciOld, ProductKeys.EXPIRES_AT), "2026-11-26T10:00:00Z", "label"),
                Arguments.of("the labelling update without ttl but a default", plain,
                        plain.copy().label("created-by", "ci-cd"), "2026-11-27T09:59:30Z", "default"));
    }

    private static Obj copyWithout(Obj object, String annotation) {
        Obj copy = object.copy();
        copy.annotations.remove(annotation);
        return copy;
    }

    @ParameterizedTest(name = "stamps creation + ttl at {0}")
    @MethodSource("updates")
    void stampsCreationPlusTtlAtUpdates(String what, Obj old, Obj object, String expires, String source) {
        Map<String, Object> result = patched(request("UPDATE", "namespaces").old(old).object(object), object, WITH_DEFAULT_TTL, NOW);

        assertThat(annotations(result)).containsEntry(ProductKeys.EXPIRES_AT, expires).containsEntry(ProductKeys.TTL_SOURCE, source);
        assertThat(labels(result)).containsEntry(ProductKeys.MANAGED, "true");
    }

    @ParameterizedTest(name = "is idempotent on reinvocation after {0}")
    @MethodSource("updates")
    void isIdempotentOnReinvocationOfUpdates(String what, Obj old, Obj object, String expires, String source) {
        Req first = request("UPDATE", "namespaces").old(old).object(object);
        Map<String, Object> once = applyPatch(decide(first, WITH_DEFAULT_TTL, NOW), object.map());
        Req again = request("UPDATE", "namespaces").old(old).rawObject(once);

        assertThat(decide(again, WITH_DEFAULT_TTL, NOW.plusSeconds(5)).patch()).isEmpty();
    }

    static Stream<Arguments> creates() {
        return Stream.of(
                Arguments.of("a CI namespace with ttl", ci("test-a").label("ttl", "2h"), SETTINGS),
                Arguments.of("a CI namespace with the default ttl", ci("test-a"), WITH_DEFAULT_TTL),
                Arguments.of("a kept CI namespace", ci("test-a").label("ttl", "2h").label("keep", "true"), SETTINGS));
    }

    @ParameterizedTest(name = "is idempotent on reinvocation after creating {0}")
    @MethodSource("creates")
    void isIdempotentOnReinvocationOfCreates(String what, Obj object, CiSettings settings) {
        Map<String, Object> once = applyPatch(decide(request("CREATE", "namespaces").object(object), settings, NOW), object.map());

        Verdict again = decide(request("CREATE", "namespaces").rawObject(once), settings, NOW.plusSeconds(2));
        assertThat(again.patch()).isEmpty();
    }

    @Test
    void leavesTheExpiryAloneOnUnrelatedUpdates() {
        Obj old = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");
        Obj object = old.copy().label("branch", "main").annotation(ProductKeys.BASELINE, "applied");

        assertThat(decide(request("UPDATE", "namespaces").old(old).object(object).by(WEBHOOK), SETTINGS, NOW).patch()).isEmpty();
    }

    @Test
    void overwritesAnExpiryAUserSuppliedAtCreate() {
        Obj object = ci("test-a").label("ttl", "2h").annotation(ProductKeys.EXPIRES_AT, "2030-01-01T00:00:00Z");

        assertThat(annotations(patched(request("CREATE", "namespaces").object(object), object, SETTINGS, NOW)))
                .containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z");
    }

    @Test
    void warnsWithTheExpiryAndHowToSetTtlWhenTheDefaultIsUsed() {
        Verdict verdict = decide(request("CREATE", "namespaces").object(ci("test-a")), WITH_DEFAULT_TTL, NOW);

        assertThat(verdict.warnings()).singleElement().asString()
                .contains("2026-11-27T10:00:00Z", "default-ttl 1d", "kubectl label namespace test-a ttl=");
    }

    @Test
    void doesNotWarnWhenTheTtlComesFromTheLabel() {
        assertThat(decide(request("CREATE", "namespaces").object(ci("test-a").label("ttl", "1h")), WITH_DEFAULT_TTL, NOW)
                .warnings()).isEmpty();
    }

    @Test
    void stampsNoExpiryWithoutAValidTtlOrDefault() {
        Obj object = ci("test-a").label("ttl", "24H");
        assertThat(annotations(patched(request("CREATE", "namespaces").object(object), object, SETTINGS, NOW)))
                .doesNotContainKeys(ProductKeys.EXPIRES_AT, ProductKeys.TTL_SOURCE);
    }

    @Test
    void writesKeptAtWhenKeepFirstAppears() {
        Obj old = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");
        Obj object = old.copy().label("keep", "true");

        Map<String, Object> result = patched(request("UPDATE", "namespaces").old(old).object(object), object, SETTINGS, NOW);
        assertThat(annotations(result)).containsEntry(ProductKeys.KEPT_AT, "2026-11-26T10:00:00Z");
    }

    @Test
    void keepsTheFirstKeptAtWhenKeepIsSetAgain() {
        Obj old = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label")
                .annotation(ProductKeys.KEPT_AT, "2026-11-20T00:00:00Z");
        Obj object = old.copy().label("keep", "true");

        Map<String, Object> result = patched(request("UPDATE", "namespaces").old(old).object(object), object, SETTINGS, NOW);
        assertThat(annotations(result)).containsEntry(ProductKeys.KEPT_AT, "2026-11-20T00:00:00Z");
    }

    @Test
    void keepsKeptAtWhileKeepStaysTrue() {
        Obj old = ci("test-a").created(CREATED).label("ttl", "1h").label("keep", "true").label(ProductKeys.MANAGED, "true")
                .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label")
                .annotation(ProductKeys.KEPT_AT, "2026-11-26T09:30:00Z");

        assertThat(decide(request("UPDATE", "namespaces").old(old).object(old.copy().label("x", "y")), SETTINGS, NOW).patch())
                .isEmpty();
    }

    static Stream<Arguments> scenarios() {
        Obj plain = ns("test-a").created(FRESH).label("branch", "feature/x");
        return Stream.of(
                Arguments.of(request("CREATE", "namespaces").object(ci("test-a").label("ttl", "2h").label("keep", "true"))),
                Arguments.of(request("CREATE", "namespaces").object(ci("test-a")).dryRun()),
                Arguments.of(request("UPDATE", "namespaces").old(plain).object(plain.copy().label("created-by", "ci-cd")
                        .label("ttl", "24h").label("keep", "true"))));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void writesOnlyProductKeysAndNeverAPipelineLabel(Req request) {
        Verdict verdict = decide(request, WITH_DEFAULT_TTL, NOW);

        assertThat(verdict.patch()).isNotEmpty().allSatisfy(op -> {
            String path = (String) op.get("path");
            if (path.equals("/metadata/annotations") || path.equals("/metadata/labels")) {
                assertThat(((Map<?, ?>) op.get("value")).keySet()).allSatisfy(key -> assertThat((String) key).startsWith("ephemeral-ns.io/"));
            } else {
                assertThat(path).matches("/metadata/(labels|annotations)/ephemeral-ns\\.io~1[a-z-]+");
            }
        });
    }

    @Test
    void handlesDryRunExactlyLikeARealRequest() {
        Obj object = ci("test-a").label("ttl", "2h");
        assertThat(decide(request("CREATE", "namespaces").object(object).dryRun(), SETTINGS, NOW))
                .isEqualTo(decide(request("CREATE", "namespaces").object(object), SETTINGS, NOW));
    }

    static Stream<Arguments> ignored() {
        Obj object = ci("test-a").label("ttl", "2h");
        return Stream.of(
                Arguments.of("a status update", request("UPDATE", "namespaces").sub("status").old(object).object(object)),
                Arguments.of("a namespace delete", request("DELETE", "namespaces").old(object)),
                Arguments.of("another kind", request("CREATE", "configmaps").in("test-a")
                        .object(Fixtures.object("v1", "ConfigMap", "test-a", "c").label("created-by", "ci-cd"))));
    }

    @ParameterizedTest(name = "leaves {0} unchanged")
    @MethodSource("ignored")
    void leavesOtherRequestsUnchanged(String what, Req request) {
        assertThat(decide(request, SETTINGS, NOW)).isEqualTo(Verdict.allow());
    }

    @Test
    void reinvocationToleranceIsAMinute() {
        assertThat(ProductKeysRule.REINVOCATION_TOLERANCE).isEqualTo(Duration.ofMinutes(1));
    }
}
