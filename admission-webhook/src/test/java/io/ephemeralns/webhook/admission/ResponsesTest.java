package io.ephemeralns.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.webhook.rules.Verdict;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesTest {

    @Test
    void encodesAPatchAsBase64JsonPatch() {
        AdmissionResponse response = Responses.of(Verdict.patch(
                List.of(op()), List.of("note")));

        assertThat(response.getAllowed()).isTrue();
        assertThat(response.getPatchType()).isEqualTo("JSONPatch");
        assertThat(new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8))
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/labels/a~1b\",\"value\":\"x\"}]");
        assertThat(response.getWarnings()).containsExactly("note");
        assertThat(response.getStatus()).isNull();
    }

    private static Map<String, Object> op() {
        Map<String, Object> op = new java.util.LinkedHashMap<>();
        op.put("op", "add");
        op.put("path", "/metadata/labels/a~1b");
        op.put("value", "x");
        return op;
    }

    @Test
    void sendsNoPatchWhenNothingChanges() {
        AdmissionResponse response = Responses.of(Verdict.allow());
        assertThat(response.getPatch()).isNull();
        assertThat(response.getPatchType()).isNull();
    }

    @Test
    void carriesTheMessageAndCodeOfADenial() {
        AdmissionResponse response = Responses.of(Verdict.deny("no ttl", List.of()));
        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getCode()).isEqualTo(403);
        assertThat(response.getStatus().getMessage()).isEqualTo("no ttl");
    }

    @Test
    void turnsAFailureIntoADenialWithCode500() {
        AdmissionResponse response = Responses.failure("validate", new IllegalStateException("boom"));
        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getCode()).isEqualTo(500);
        assertThat(response.getStatus().getMessage()).contains("validate webhook failed", "boom");
    }
}
