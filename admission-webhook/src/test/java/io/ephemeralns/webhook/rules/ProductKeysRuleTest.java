package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.EXEMPTIONS;
import static io.ephemeralns.webhook.rules.Fixtures.FRESH;
import static io.ephemeralns.webhook.rules.Fixtures.JANITOR;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.POLICY;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.WEBHOOK;
import static io.ephemeralns.webhook.rules.Fixtures.annotations;
import static io.ephemeralns.webhook.rules.Fixtures.applyPatch;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.labels;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product's keys against a pipeline's ordinary requests: what the namespace carries after the mutating webhook,
 * what the client is told, and what the validating webhook refuses when the mutation did not run.
 */
class ProductKeysRuleTest {

    private static final String KEPT_AT = "2026-11-26T09:10:00Z";
    private static final Obj OLD = ns("team-a").created(CREATED).label("team", "a");
    private static final Obj ADMITTED = ci("test-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true")
            .label(ProductKeys.PROFILE, "default")
            .annotation(ProductKeys.ADMITTED_AT, "2026-11-26T09:00:05Z").annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z")
            .annotation(ProductKeys.TTL_SOURCE, "label").annotation(ProductKeys.BASELINE, "applied");
    private static final Obj KEPT_BEFORE = ADMITTED.copy().annotation(ProductKeys.KEPT_AT, KEPT_AT);
    private static final Obj MARKED = ADMITTED.copy().annotation(ProductKeys.TEARDOWN_AT, "2026-11-26T10:05:00Z");
    private static final Obj WARNED = ADMITTED.copy().annotation(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T10:00:00Z");
    private static final Obj SLEEPING = ADMITTED.copy().label("keep", "true").annotation(ProductKeys.KEPT_AT, KEPT_AT)
            .annotation(ProductKeys.SLEPT_AT, "2026-11-26T09:50:00Z")
            .annotation(ProductKeys.SLEEP_REPLICAS, "deployment/web=3");

    /** A pipeline's request, the namespace before it, and the product keys it must carry after it. */
    static Stream<Arguments> pipelineRequests() {
        Obj withoutExpiry = ADMITTED.copy();
        withoutExpiry.annotations.remove(ProductKeys.EXPIRES_AT);
        Obj withoutBaseline = ADMITTED.copy();
        withoutBaseline.annotations.remove(ProductKeys.BASELINE);
        Obj withoutManaged = ADMITTED.copy();
        withoutManaged.labels.remove(ProductKeys.MANAGED);
        Obj freshTerminating = ns("team-b").created(FRESH).deleting(NOW);
        return Stream.of(
                Arguments.of("adding managed=true to a namespace that is not CI", update(OLD, OLD.copy().label(ProductKeys.MANAGED, "true")),
                        productOf(OLD), ProductKeys.MANAGED),
                Arguments.of("adding expires-at to a namespace that is not CI",
                        update(OLD, OLD.copy().annotation(ProductKeys.EXPIRES_AT, "2026-11-26T10:00:00Z")), productOf(OLD),
                        ProductKeys.EXPIRES_AT),
                Arguments.of("adding admitted-at to a namespace that is not CI",
                        update(OLD, OLD.copy().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T09:00:00Z")), productOf(OLD),
                        ProductKeys.ADMITTED_AT),
                Arguments.of("adding a key of its own under the prefix",
                        update(OLD, OLD.copy().annotation("ephemeral-ns.io/anything", "x")), productOf(OLD), "ephemeral-ns.io/anything"),
                Arguments.of("moving kept-at to 2099", update(KEPT_BEFORE.copy().label("keep", "true"),
                        KEPT_BEFORE.copy().label("keep", "true").annotation(ProductKeys.KEPT_AT, "2099-01-01T00:00:00Z")),
                        productOf(KEPT_BEFORE), ProductKeys.KEPT_AT),
                Arguments.of("refreshing kept-at by setting keep=true again, with kept-at removed",
                        update(KEPT_BEFORE, without(KEPT_BEFORE.copy().label("keep", "true"), ProductKeys.KEPT_AT)),
                        productOf(KEPT_BEFORE), ProductKeys.KEPT_AT),
                Arguments.of("removing expires-at", update(ADMITTED, withoutExpiry), productOf(ADMITTED), ProductKeys.EXPIRES_AT),
                Arguments.of("removing managed", update(ADMITTED, withoutManaged), productOf(ADMITTED), ProductKeys.MANAGED),
                Arguments.of("setting baseline=applied itself", update(withoutBaseline, ADMITTED.copy()), productOf(withoutBaseline),
                        ProductKeys.BASELINE),
                Arguments.of("writing a stuck-reason", update(ADMITTED, ADMITTED.copy().annotation(ProductKeys.STUCK_REASON, "x")),
                        productOf(ADMITTED), ProductKeys.STUCK_REASON),
                Arguments.of("forging a teardown-at", update(ADMITTED, ADMITTED.copy().annotation(ProductKeys.TEARDOWN_AT,
                        "2026-11-26T10:00:00Z")), productOf(ADMITTED), ProductKeys.TEARDOWN_AT),
                Arguments.of("removing a teardown-at", update(MARKED, without(MARKED.copy(), ProductKeys.TEARDOWN_AT)),
                        productOf(MARKED), ProductKeys.TEARDOWN_AT),
                Arguments.of("forging a deletion-planned-at (to silence the warning)", update(ADMITTED,
                        ADMITTED.copy().annotation(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T10:00:00Z")),
                        productOf(ADMITTED), ProductKeys.DELETION_PLANNED_AT),
                Arguments.of("removing a deletion-planned-at", update(WARNED, without(WARNED.copy(),
                        ProductKeys.DELETION_PLANNED_AT)), productOf(WARNED), ProductKeys.DELETION_PLANNED_AT),
                reverted("adding wake=true to a CI namespace that does not sleep", ADMITTED,
                        ADMITTED.copy().label(ProductKeys.WAKE, "true"), ProductKeys.WAKE),
                reverted("adding wake=true to a namespace that is not CI", OLD, OLD.copy().label(ProductKeys.WAKE, "true"),
                        ProductKeys.WAKE),
                reverted("adding wake=yes to a sleeping namespace", SLEEPING, SLEEPING.copy().label(ProductKeys.WAKE, "yes"),
                        ProductKeys.WAKE),
                reverted("raising the saved replicas of a sleeping namespace", SLEEPING,
                        SLEEPING.copy().annotation(ProductKeys.SLEEP_REPLICAS, "deployment/web=1000"), ProductKeys.SLEEP_REPLICAS),
                reverted("adding a saved-replicas record to an awake namespace", ADMITTED,
                        ADMITTED.copy().annotation(ProductKeys.SLEEP_REPLICAS, "deployment/web=1000"), ProductKeys.SLEEP_REPLICAS),
                reverted("removing slept-at", SLEEPING, without(SLEEPING.copy(), ProductKeys.SLEPT_AT), ProductKeys.SLEPT_AT),
                reverted("forging a woken-at (to keep the namespace awake)", ADMITTED,
                        ADMITTED.copy().annotation(ProductKeys.WOKEN_AT, "2099-01-01T00:00:00Z"), ProductKeys.WOKEN_AT),
                Arguments.of("changing the profile of an admitted namespace",
                        update(ADMITTED, ADMITTED.copy().label(ProductKeys.PROFILE, "small")), productOf(ADMITTED), ProductKeys.PROFILE),
                Arguments.of("adding managed=true to a terminating namespace",
                        update(freshTerminating, freshTerminating.copy().label(ProductKeys.MANAGED, "true")),
                        productOf(freshTerminating), ProductKeys.MANAGED),
                Arguments.of("creating a namespace that is not CI with product keys",
                        create(ns("team-c").label(ProductKeys.MANAGED, "true").annotation(ProductKeys.BASELINE, "applied")
                                .annotation(ProductKeys.EXPIRES_AT, "2099-01-01T00:00:00Z")), Map.of(), ProductKeys.BASELINE),
                Arguments.of("creating a CI namespace with the product's annotations set",
                        create(ci("test-c").label("ttl", "2h").annotation(ProductKeys.EXPIRES_AT, "2099-01-01T00:00:00Z")
                                .annotation(ProductKeys.ADMITTED_AT, "1999-01-01T00:00:00Z")
                                .annotation(ProductKeys.KEPT_AT, "2099-01-01T00:00:00Z")
                                .annotation(ProductKeys.BASELINE, "applied")),
                        Map.of("label " + ProductKeys.MANAGED, "true", "annotation " + ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z",
                                "annotation " + ProductKeys.TTL_SOURCE, "label", "annotation " + ProductKeys.ADMITTED_AT,
                                "2026-11-26T10:00:00Z"),
                        ProductKeys.EXPIRES_AT));
    }

    @ParameterizedTest(name = "{0}: the product's keys stay the product's")
    @MethodSource("pipelineRequests")
    void aPipelineCannotSetChangeOrRemoveAProductKey(String what, Req request, Map<String, String> product, String key) {
        assertThat(productKeys(stored(request))).isEqualTo(product);
    }

    @ParameterizedTest(name = "{0}: the client is told which key was reverted")
    @MethodSource("pipelineRequests")
    void warnsNamingTheKeysReverted(String what, Req request, Map<String, String> product, String key) {
        assertThat(mutate(request).warnings()).anySatisfy(warning -> assertThat(warning)
                .startsWith("ephemeral-ns reverted").contains(key, "written by ephemeral-ns only"));
    }

    @ParameterizedTest(name = "{0}: refused when the mutation did not run")
    @MethodSource("pipelineRequests")
    void theValidationRefusesTheRequestWhenTheMutationDidNotRun(String what, Req request, Map<String, String> product,
            String key) {
        Verdict verdict = Fixtures.validate(request, POLICY, cluster(), NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains(key, "written by ephemeral-ns only");
    }

    @ParameterizedTest(name = "{0}: admitted once mutated")
    @MethodSource("pipelineRequests")
    void theValidationAdmitsTheMutatedRequest(String what, Req request, Map<String, String> product, String key) {
        Req mutated = request.rawObject(stored(request));

        assertThat(Fixtures.validate(mutated, POLICY, cluster(), NOW.plusSeconds(1)).allowed()).isTrue();
    }

    @Test
    void theJanitorWritesTheStuckReasonOfATerminatingNamespace() {
        Obj terminating = ADMITTED.copy().deleting(NOW);
        Req request = update(terminating, terminating.copy().annotation(ProductKeys.STUCK_REASON, "finalizer x remains")).by(JANITOR);

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void theJanitorMarksANamespaceForTeardown() {
        Req request = update(ADMITTED, ADMITTED.copy().annotation(ProductKeys.TEARDOWN_AT, "2026-11-26T10:05:00Z")).by(JANITOR);

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void theJanitorRecordsTheDeletionTimeItWarnedOf() {
        Req request = update(ADMITTED, ADMITTED.copy().annotation(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T10:00:00Z"))
                .by(JANITOR);

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void aPipelineMayAskToWakeASleepingNamespace() {
        Req request = update(SLEEPING, SLEEPING.copy().label(ProductKeys.WAKE, "true"));

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(mutate(request).warnings()).isEmpty();
        assertThat(productKeys(stored(request))).containsEntry("label " + ProductKeys.WAKE, "true");
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void aPipelineMayTakeItsWakeRequestBack() {
        Obj asked = SLEEPING.copy().label(ProductKeys.WAKE, "true");
        Req request = update(asked, SLEEPING.copy());

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void theJanitorWakesANamespaceRemovingTheLabelAndTheRecord() {
        Obj asked = SLEEPING.copy().label(ProductKeys.WAKE, "true");
        Obj woken = KEPT_BEFORE.copy().label("keep", "true").annotation(ProductKeys.WOKEN_AT, "2026-11-26T10:00:00Z");
        Req request = update(asked, woken).by(JANITOR);

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void theRefusalOfAWakeLabelSaysWhereItIsAccepted() {
        Verdict verdict = Fixtures.validate(update(ADMITTED, ADMITTED.copy().label(ProductKeys.WAKE, "true")), POLICY,
                cluster(), NOW);

        assertThat(verdict.message()).contains("is accepted only on a CI namespace the janitor put to sleep");
    }

    @Test
    void theReconcilerWritesBaselineApplied() {
        Obj pending = ADMITTED.copy();
        pending.annotations.remove(ProductKeys.BASELINE);
        Req request = update(pending, ADMITTED.copy()).by(WEBHOOK);

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void aClusterAdministratorMaySetAProductKey() {
        Req request = update(KEPT_BEFORE, KEPT_BEFORE.copy().annotation(ProductKeys.KEPT_AT, "2026-11-26T09:30:00Z"))
                .by("kubernetes-admin", "system:masters");

        assertThat(mutate(request).patch()).isEmpty();
        assertThat(Fixtures.validate(request, POLICY, cluster(), NOW).allowed()).isTrue();
    }

    @Test
    void theProfileIsChosenInTheRequestThatMakesTheNamespaceCi() {
        Obj fresh = ns("test-d").created(FRESH);
        Req labelling = update(fresh, ci("test-d").created(FRESH).label("ttl", "1h").label(ProductKeys.PROFILE, "small"));

        Map<String, Object> stored = stored(labelling);

        assertThat(labels(stored)).containsEntry(ProductKeys.PROFILE, "small").containsEntry(ProductKeys.MANAGED, "true");
        assertThat(annotations(stored)).containsEntry(ProductKeys.ADMITTED_AT, "2026-11-26T10:00:00Z");
        assertThat(mutate(labelling).warnings()).isEmpty();
    }

    @Test
    void admittedAtIsStampedOnceAndNeverMoved() {
        Req later = update(ADMITTED, ADMITTED.copy().label("keep", "true"));

        Map<String, Object> stored = stored(later);

        assertThat(annotations(stored)).containsEntry(ProductKeys.ADMITTED_AT, "2026-11-26T09:00:05Z")
                .containsEntry(ProductKeys.KEPT_AT, "2026-11-26T10:00:00Z");
    }

    @Test
    void aLegacyCiNamespaceWithoutAdmittedAtIsNotGivenOne() {
        Obj legacy = without(ADMITTED.copy(), ProductKeys.ADMITTED_AT);
        Req request = update(legacy, legacy.copy().label("branch", "main"));

        assertThat(mutate(request).patch()).isEmpty();
    }

    @Test
    void aNamespaceLabelledAfterItsWindowIsNotAdmitted() {
        Req late = update(OLD, OLD.copy().label("created-by", "ci-cd").label("ttl", "1h"));

        assertThat(mutate(late).patch()).isEmpty();
        Verdict verdict = Fixtures.validate(late, POLICY, cluster(), NOW);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("was created at 2026-11-26T09:00:00Z", "within 5m");
    }

    private static Req update(Obj old, Obj object) {
        return request("UPDATE", "namespaces").old(old).object(object);
    }

    private static Req create(Obj object) {
        return request("CREATE", "namespaces").object(object);
    }

    private static Obj without(Obj object, String annotation) {
        object.annotations.remove(annotation);
        return object;
    }

    /** The object as the API server stores it: the request's object with the mutating webhook's patch applied. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stored(Req request) {
        return applyPatch(mutate(request), (Map<String, Object>) request.object);
    }

    private static Verdict mutate(Req request) {
        return Fixtures.mutate(request, SETTINGS, NOW);
    }

    /** The product keys of an object, as "label key" / "annotation key" to value. */
    /** A pipeline's update of {@code old} to {@code requested} that the product reverts: its keys stay {@code old}'s. */
    private static Arguments reverted(String what, Obj old, Obj requested, String key) {
        return Arguments.of(what, update(old, requested), productOf(old), key);
    }

    private static Map<String, String> productOf(Obj object) {
        return productKeys(object.map());
    }

    private static Map<String, String> productKeys(Map<String, Object> object) {
        Map<String, String> keys = new TreeMap<>();
        labels(object).forEach((key, value) -> {
            if (ProductKeys.isProductKey(key)) {
                keys.put("label " + key, value);
            }
        });
        annotations(object).forEach((key, value) -> {
            if (ProductKeys.isProductKey(key)) {
                keys.put("annotation " + key, value);
            }
        });
        return keys;
    }
}
