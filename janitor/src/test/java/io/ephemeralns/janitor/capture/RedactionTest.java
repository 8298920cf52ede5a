package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static Map<String, Object> secret() {
        return Map.of("kind", "Secret",
                "metadata", Map.of("name", "db", "managedFields", List.of(Map.of("manager", "kubectl")),
                        "annotations", Map.of(Redaction.LAST_APPLIED, "{\"data\":{\"password\":\"aHVudGVyMg==\"}}", "team", "a")),
                "data", Map.of("password", "aHVudGVyMg=="),
                "stringData", Map.of("token", "plain"));
    }

    @Test
    void aSecretsDataAndStringDataValuesAreRedactedAndTheirKeysKept() {
        Map<String, Object> redacted = Redaction.object(secret(), true);
        assertThat(redacted.get("data")).isEqualTo(Map.of("password", Redaction.REDACTED));
        assertThat(redacted.get("stringData")).isEqualTo(Map.of("token", Redaction.REDACTED));
    }

    @Test
    void aSecretsLastAppliedConfigurationIsRedactedAndOtherAnnotationsKept() {
        Map<?, ?> metadata = (Map<?, ?>) Redaction.object(secret(), true).get("metadata");
        assertThat(metadata.get("annotations")).isEqualTo(Map.of(Redaction.LAST_APPLIED, Redaction.REDACTED, "team", "a"));
    }

    @Test
    void everyObjectLosesItsManagedFields() {
        Map<?, ?> metadata = (Map<?, ?>) Redaction.object(Map.of("metadata", Map.of("name", "web",
                "managedFields", List.of(Map.of("manager", "kubectl")))), false).get("metadata");
        assertThat(metadata).isEqualTo(Map.of("name", "web"));
    }

    @Test
    void anotherKindsDataIsKept() {
        Map<String, Object> configMap = Redaction.object(Map.of("kind", "ConfigMap", "data", Map.of("k", "v")), false);
        assertThat(configMap.get("data")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void everyItemOfTheSecretsListIsRedactedEvenWithoutAKind() {
        Map<String, Object> list = Redaction.forArchive(Map.of("kind", "SecretList",
                "items", List.of(Map.of("metadata", Map.of("name", "a"), "data", Map.of("k", "c2VjcmV0")))), true);
        assertThat(list.toString()).doesNotContain("c2VjcmV0").contains(Redaction.REDACTED);
    }

    @Test
    void anItemThatSaysItIsASecretIsRedactedInAnyList() {
        Map<String, Object> list = Redaction.forArchive(Map.of("items", List.of(secret())), false);
        assertThat(list.toString()).doesNotContain("aHVudGVyMg==").doesNotContain("plain");
    }

    @Test
    void theListsContinueTokenIsDroppedAndTheInputLeftUnchanged() {
        Map<String, Object> input = Map.of("metadata", Map.of("continue", "abc", "resourceVersion", "7"),
                "items", List.of(secret()));
        Map<String, Object> list = Redaction.forArchive(input, true);
        assertThat(list.get("metadata")).isEqualTo(Map.of("resourceVersion", "7"));
        assertThat(input.toString()).contains("aHVudGVyMg==");
    }
}
