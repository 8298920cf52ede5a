package io.ephemeralns.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.webhook.rules.Fixtures;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** The adapter's failure path without HTTP: a handler that throws yields a denied review with code 500 and the UID. */
class AdmissionResourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void turnsAHandlerExceptionIntoADenialWithCode500AndTheUid() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionResource resource = new AdmissionResource(null, (request, now) -> {
            throw new IllegalStateException("a bug");
        }, new AdmissionMetrics(registry), uid -> false);
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setRequest(Fixtures.request("CREATE", "namespaces").object(Fixtures.ns("team-a")).build());

        Response response = resource.validate(MAPPER.writeValueAsBytes(review));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = MAPPER.readTree((String) response.getEntity());
        assertThat(body.at("/response/uid").asText()).isEqualTo("uid-1");
        assertThat(body.at("/response/allowed").asBoolean()).isFalse();
        assertThat(body.at("/response/status/code").asInt()).isEqualTo(500);
        assertThat(body.at("/response/status/message").asText()).contains("validate webhook failed", "IllegalStateException: a bug");
        assertThat(registry.get("ephemeral.ns.admission.requests").tag("allowed", "false").counter().count()).isEqualTo(1);
    }
}
