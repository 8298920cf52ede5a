package io.ephemeralns.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.webhook.rules.Verdict;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Turns verdicts into AdmissionResponses: status for denials, base64 JSON Patch for mutations. */
public final class Responses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {
    }

    /** The response for a verdict, without UID. */
    public static AdmissionResponse of(Verdict verdict) {
        AdmissionResponse response = new AdmissionResponse();
        response.setAllowed(verdict.allowed());
        if (!verdict.warnings().isEmpty()) {
            response.setWarnings(verdict.warnings());
        }
        if (!verdict.allowed()) {
            response.setStatus(new StatusBuilder().withCode(verdict.code()).withMessage(verdict.message())
                    .withReason(verdict.code() == 403 ? "Forbidden" : "InternalError").build());
        }
        if (!verdict.patch().isEmpty()) {
            try {
                byte[] json = MAPPER.writeValueAsString(verdict.patch()).getBytes(StandardCharsets.UTF_8);
                response.setPatch(Base64.getEncoder().encodeToString(json));
                response.setPatchType("JSONPatch");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a JSON Patch", e);
            }
        }
        return response;
    }

    /** The response for a handler failure: denied, code 500, saying what went wrong. */
    public static AdmissionResponse failure(String webhook, Exception error) {
        return of(new Verdict(false, 500, "ephemeral-ns " + webhook + " webhook failed on this request: "
                + error.getClass().getSimpleName() + ": " + error.getMessage(), java.util.List.of(), java.util.List.of()));
    }
}
