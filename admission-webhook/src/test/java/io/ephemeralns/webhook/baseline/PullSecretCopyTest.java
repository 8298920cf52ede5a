package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PullSecretCopyTest {

    private static final PullSecretRef REF = new PullSecretRef("ci-secrets", "regcred");

    private static Secret source(String type) {
        return new SecretBuilder().withNewMetadata().withNamespace("ci-secrets").withName("regcred").withUid("uid-1")
                .withResourceVersion("42").addToLabels("team", "platform").addToAnnotations("note", "theirs").endMetadata()
                .withType(type).withImmutable(true).addToData(".dockerconfigjson", "e30=").build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }

    @Test
    void copiesTypeAndDataWithTheBaselineLabelsAndTheSourceCopied() {
        Map<String, Object> copy = PullSecretCopy.decide("ci-a", REF, Optional.of(source("kubernetes.io/dockerconfigjson")))
                .copy().orElseThrow();

        assertThat(copy).containsEntry("apiVersion", "v1").containsEntry("kind", "Secret")
                .containsEntry("type", "kubernetes.io/dockerconfigjson")
                .containsEntry("data", Map.of(".dockerconfigjson", "e30=")).doesNotContainKey("immutable");
        assertThat(meta(copy)).containsEntry("name", "ephemeral-ns-pull-regcred").containsEntry("namespace", "ci-a")
                .containsEntry("labels", Map.of("ephemeral-ns.io/baseline", "true", "app.kubernetes.io/managed-by", "ephemeral-ns"))
                .containsEntry("annotations", Map.of(PullSecretCopy.SOURCE, "ci-secrets/regcred", PullSecretCopy.SOURCE_UID, "uid-1",
                        PullSecretCopy.SOURCE_VERSION, "42"));
    }

    @Test
    void aRotatedSourceGivesACopyThatDiffersFromTheOldOne() {
        Secret rotated = new SecretBuilder(source("kubernetes.io/dockerconfigjson")).editMetadata().withResourceVersion("43")
                .endMetadata().withData(Map.of(".dockerconfigjson", "bmV3")).build();
        Map<String, Object> old = PullSecretCopy.decide("ci-a", REF, Optional.of(source("kubernetes.io/dockerconfigjson"))).copy().orElseThrow();

        Map<String, Object> now = PullSecretCopy.decide("ci-a", REF, Optional.of(rotated)).copy().orElseThrow();

        assertThat(BaselineComparison.differences(now, old)).containsExactly("data", "metadata.annotations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"})
    void acceptsTheTypesTheKubeletReads(String type) {
        assertThat(PullSecretCopy.decide("ci-a", REF, Optional.of(source(type))).problem()).isEmpty();
    }

    @Test
    void aMissingSourceIsAProblemNamingItAndItsCopy() {
        PullSecretCopy.Decision decision = PullSecretCopy.decide("ci-a", REF, Optional.empty());

        assertThat(decision.copy()).isEmpty();
        assertThat(decision.problem()).get().asString().contains("image pull secret ci-secrets/regcred not found",
                "ephemeral-ns-pull-regcred");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Opaque", "kubernetes.io/basic-auth"})
    void aSourceOfAnotherTypeIsAProblemNamingTheAcceptedOnes(String type) {
        PullSecretCopy.Decision decision = PullSecretCopy.decide("ci-a", REF, Optional.of(source(type)));

        assertThat(decision.copy()).isEmpty();
        assertThat(decision.problem()).get().asString().contains("ci-secrets/regcred has type " + type,
                "kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson");
    }

    @Test
    void aSourceTheWebhookMayNotReadIsAProblemNamingTheChartValue() {
        PullSecretCopy.Decision decision = PullSecretCopy.forbidden(REF);

        assertThat(decision.copy()).isEmpty();
        assertThat(decision.problem()).get().asString().contains("may not read image pull secret ci-secrets/regcred",
                "webhook.imagePullSecrets");
    }
}
