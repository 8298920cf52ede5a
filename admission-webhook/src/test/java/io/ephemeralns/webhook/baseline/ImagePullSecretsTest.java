package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImagePullSecretsTest {

    private static final Set<String> PROFILES = Set.of("default", "small");

    private static Object yaml(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readValue(text, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEachProfilesSourcesInFileOrder() {
        Map<String, List<PullSecretRef>> parsed = ImagePullSecrets.parse("f.yaml", yaml("""
                default: [{namespace: ci-secrets, name: regcred}, {namespace: ci-secrets, name: mirror.example.com}]
                small: [{namespace: ci-secrets, name: regcred}]
                """), PROFILES);

        assertThat(parsed.get("default")).containsExactly(new PullSecretRef("ci-secrets", "regcred"),
                new PullSecretRef("ci-secrets", "mirror.example.com"));
        assertThat(parsed.get("small")).containsExactly(new PullSecretRef("ci-secrets", "regcred"));
        assertThat(ImagePullSecrets.sources(parsed)).containsExactly(new PullSecretRef("ci-secrets", "regcred"),
                new PullSecretRef("ci-secrets", "mirror.example.com"));
    }

    @Test
    void anAbsentSectionOrAnEmptyListCopiesNothing() {
        assertThat(ImagePullSecrets.parse("f.yaml", null, PROFILES)).isEmpty();
        assertThat(ImagePullSecrets.parse("f.yaml", yaml("default: []"), PROFILES)).isEmpty();
    }

    @Test
    void namesTheCopyAfterTheSourceWithTheProductsPrefix() {
        assertThat(new PullSecretRef("ci-secrets", "regcred").copyName()).isEqualTo("ephemeral-ns-pull-regcred");
    }

    @ParameterizedTest(name = "refuses {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a list instead of a map          | [regcred]                                                                  | expected a map from profile
            an unknown profile               | {large: [{namespace: s, name: regcred}]}                                    | imagePullSecrets.large: there is no profile large
            an entry that is a string        | {default: [regcred]}                                                        | imagePullSecrets.default[0]: expected exactly {namespace
            an entry without a namespace     | {default: [{name: regcred}]}                                                | expected exactly {namespace
            an entry with a further key      | {default: [{namespace: s, name: r, type: kubernetes.io/dockerconfigjson}]} | expected exactly {namespace
            an upper-case namespace          | {default: [{namespace: CI, name: regcred}]}                                 | namespace CI is not a namespace name
            a namespace that is a number     | {default: [{namespace: 42, name: regcred}]}                                 | namespace 42 is not a namespace name
            a name with an underscore        | {default: [{namespace: s, name: reg_cred}]}                                 | name reg_cred is not a Secret name
            a source listed twice            | {default: [{namespace: s, name: r}, {namespace: s, name: r}]}               | Secret s/r is listed twice
            two sources with one copy name   | {default: [{namespace: a, name: r}], small: [{namespace: b, name: r}]}      | would both be copied as ephemeral-ns-pull-r
            """)
    void refusesAMalformedSectionNamingTheEntry(String what, String section, String reason) {
        assertThatThrownBy(() -> ImagePullSecrets.parse("/etc/profiles.yaml", yaml(section), PROFILES))
                .isInstanceOf(ProfileFileException.class)
                .hasMessageStartingWith("baseline profiles file /etc/profiles.yaml")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesANameTooLongForItsCopy() {
        String name = "a".repeat(236);

        assertThatThrownBy(() -> ImagePullSecrets.parse("f.yaml", Map.of("default", List.of(Map.of("namespace", "s", "name", name))),
                PROFILES)).hasMessageContaining("at most 235 characters");
    }
}
