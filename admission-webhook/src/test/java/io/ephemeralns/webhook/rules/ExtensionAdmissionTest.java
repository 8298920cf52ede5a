package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.POLICY;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.annotations;
import static io.ephemeralns.webhook.rules.Fixtures.applyPatch;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An extension request through both webhooks, as the API server chains them: the mutating webhook's patch is
 * applied, and the validating webhook sees the result ({@link ExtensionRule}).
 */
class ExtensionAdmissionTest {

    private static final String PIPELINE = "system:serviceaccount:ci-runner:pipeline";
    private static final Obj ADMITTED = ci("test-a").created(CREATED).label("ttl", "2h").label(ProductKeys.MANAGED, "true")
            .annotation(ProductKeys.ADMITTED_AT, "2026-11-26T09:00:00Z")
            .annotation(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z").annotation(ProductKeys.TTL_SOURCE, "label");

    private static Req update(Obj old, Obj object) {
        return request("UPDATE", "namespaces").old(old).object(object).by(PIPELINE);
    }

    private static Req update(Obj old, Map<String, Object> object) {
        return request("UPDATE", "namespaces").old(old).rawObject(object).kind("Namespace").by(PIPELINE);
    }

    private static Verdict mutate(Req request) {
        return Fixtures.mutate(request, SETTINGS, NOW);
    }

    private static Verdict validate(Req request) {
        return Fixtures.validate(request, POLICY, cluster(), NOW);
    }

    private static Obj asking(Obj old, String duration) {
        return old.copy().annotation(ProductKeys.EXTEND, duration);
    }

    @Test
    void aPipelinesRequestIsConsumedStampedAndThenPassesValidation() {
        Obj object = asking(ADMITTED, "4h");
        Verdict mutated = mutate(update(ADMITTED, object));
        Map<String, Object> result = applyPatch(mutated, object.map());

        assertThat(mutated.warnings()).isEmpty();
        assertThat(annotations(result)).doesNotContainKey(ProductKeys.EXTEND)
                .containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T14:00:00Z")
                .containsEntry(ProductKeys.EXTENDED_AT, "2026-11-26T10:00:00Z")
                .containsEntry(ProductKeys.EXTENDED_BY, PIPELINE)
                .containsEntry(ProductKeys.EXTENDED_FOR, "4h");
        assertThat(validate(update(ADMITTED, result)).allowed()).isTrue();
    }

    @Test
    void aReinvocationOfTheMutatingWebhookKeepsTheGrantedStamps() {
        Obj object = asking(ADMITTED, "4h");
        Map<String, Object> result = applyPatch(mutate(update(ADMITTED, object)), object.map());

        assertThat(mutate(update(ADMITTED, result)).patch()).isEmpty();
    }

    @Test
    void aMalformedRequestIsLeftByMutationAndRefusedByValidationNamingWhatIsAccepted() {
        Obj object = asking(ADMITTED, "4 hours");
        Verdict mutated = mutate(update(ADMITTED, object));
        Verdict validated = validate(update(ADMITTED, applyPatch(mutated, object.map())));

        assertThat(mutated.patch()).isEmpty();
        assertThat(mutated.warnings()).isEmpty();
        assertThat(validated.allowed()).isFalse();
        assertThat(validated.message()).isEqualTo("namespace test-a refused by ephemeral-ns: annotation ephemeral-ns.io/extend="
                + "\"4 hours\" is not a duration: " + Ttl.ACCEPTED + ", between 1m and 3d");
    }

    @Test
    void aRequestOnANamespaceThatIsNotCiIsRefusedAndTheNamespaceLeftAsItIs() {
        Obj plain = ns("team-a").created(CREATED);
        Obj object = asking(plain, "4h");

        Verdict mutated = mutate(update(plain, object));
        Verdict validated = validate(update(plain, object));

        assertThat(mutated.patch()).isEmpty();
        assertThat(validated.allowed()).isFalse();
        assertThat(validated.message()).contains("is not a CI namespace admitted by ephemeral-ns");
    }

    @Test
    void aRequestThatChangesNothingIsConsumedWithAWarning() {
        Obj old = ADMITTED.copy().label("ttl", "24h").annotation(ProductKeys.EXPIRES_AT, "2026-11-27T09:00:00Z");
        Obj object = asking(old, "1h");
        Verdict mutated = mutate(update(old, object));
        Map<String, Object> result = applyPatch(mutated, object.map());

        assertThat(annotations(result)).doesNotContainKey(ProductKeys.EXTEND).doesNotContainKey(ProductKeys.EXTENDED_AT)
                .containsEntry(ProductKeys.EXPIRES_AT, "2026-11-27T09:00:00Z");
        assertThat(mutated.warnings()).singleElement().asString().contains("changed nothing");
        assertThat(validate(update(old, result)).allowed()).isTrue();
    }

    @Test
    void aRequestStoredWhileNoWebhookRanGrantsNothingLaterAndIsRemoved() {
        Obj stale = asking(ADMITTED, "4h");
        Obj object = stale.copy().label("commit", "abc");

        Verdict mutated = mutate(update(stale, object));
        Map<String, Object> result = applyPatch(mutated, object.map());

        assertThat(annotations(result)).doesNotContainKeys(ProductKeys.EXTEND, ProductKeys.EXTENDED_AT)
                .containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z");
        assertThat(mutated.warnings()).isEmpty();
        assertThat(validate(update(stale, result)).allowed()).isTrue();
    }

    @Test
    void forgedExtensionStampsAreRevertedByMutationAndRefusedByValidation() {
        Obj forged = ADMITTED.copy().annotation(ProductKeys.EXPIRES_AT, "2026-11-30T10:00:00Z")
                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T10:00:00Z").annotation(ProductKeys.EXTENDED_BY, "alice")
                .annotation(ProductKeys.EXTENDED_FOR, "4d");

        Verdict mutated = mutate(update(ADMITTED, forged));
        Verdict validated = validate(update(ADMITTED, forged));

        assertThat(annotations(applyPatch(mutated, forged.map()))).containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z")
                .doesNotContainKeys(ProductKeys.EXTENDED_AT, ProductKeys.EXTENDED_BY, ProductKeys.EXTENDED_FOR);
        assertThat(mutated.warnings()).singleElement().asString().startsWith("ephemeral-ns reverted");
        assertThat(validated.allowed()).isFalse();
        assertThat(validated.message()).contains("annotation ephemeral-ns.io/extended-by=\"alice\" was added");
    }

    @Test
    void relabellingTheTtlEndsAnExtensionAndCountsFromCreationAgain() {
        Obj extended = ADMITTED.copy().annotation(ProductKeys.EXPIRES_AT, "2026-11-26T14:00:00Z")
                .annotation(ProductKeys.EXTENDED_AT, "2026-11-26T09:30:00Z").annotation(ProductKeys.EXTENDED_BY, PIPELINE)
                .annotation(ProductKeys.EXTENDED_FOR, "4h30m");
        Obj relabelled = extended.copy().label("ttl", "3h");

        Map<String, Object> result = applyPatch(mutate(update(extended, relabelled)), relabelled.map());

        assertThat(annotations(result)).containsEntry(ProductKeys.EXPIRES_AT, "2026-11-26T12:00:00Z")
                .doesNotContainKeys(ProductKeys.EXTENDED_AT, ProductKeys.EXTENDED_BY, ProductKeys.EXTENDED_FOR);
        assertThat(validate(update(extended, result)).allowed()).isTrue();
    }
}
