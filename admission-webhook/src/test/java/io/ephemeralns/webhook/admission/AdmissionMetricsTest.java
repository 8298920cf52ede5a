package io.ephemeralns.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Fixtures;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admission metrics' tags come from fixed sets: forged reviews, through the real adapter and handlers, cannot
 * create series without bound.
 */
class AdmissionMetricsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Webhooks WEBHOOKS = new Webhooks(Fixtures.POLICY, ClusterView.UNKNOWN);

    @Test
    void aThousandForgedKindsAndOperationsCreateOneSeries() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionResource resource = new AdmissionResource(WEBHOOKS.mutate(), WEBHOOKS.validate(),
                new AdmissionMetrics(registry), uid -> false);

        for (int i = 0; i < 1000; i++) {
            AdmissionRequest request = Fixtures.request("FORGED-" + i, "configmaps").in("team-a").kind("Forged" + i)
                    .object(Fixtures.object("v1", "ConfigMap", "team-a", "c" + i)).build();
            AdmissionReview review = new AdmissionReview();
            review.setApiVersion("admission.k8s.io/v1");
            review.setKind("AdmissionReview");
            review.setRequest(request);
            byte[] body = MAPPER.writeValueAsBytes(review);
            assertThat(resource.validate(body).getStatus()).isEqualTo(200);
        }

        assertThat(registry.find("ephemeral.ns.admission.requests").counters()).singleElement().satisfies(counter -> {
            assertThat(counter.getId().getTag("kind")).isEqualTo("other");
            assertThat(counter.getId().getTag("operation")).isEqualTo("other");
            assertThat(counter.count()).isEqualTo(1000);
        });
    }

    @ParameterizedTest(name = "webhook {0}, operation {1}, kind {2} is counted as {3}/{4}/{5}")
    @CsvSource({
        "mutate,   CREATE,  Namespace,     mutate,   CREATE, Namespace",
        "validate, DELETE,  NetworkPolicy, validate, DELETE, NetworkPolicy",
        "validate, UPDATE,  ResourceQuota, validate, UPDATE, ResourceQuota",
        "validate, CREATE,  Pod,           validate, CREATE, Pod",
        "forged,   create,  namespace,     other,    other,  other",
        "validate, '',      '',            validate, other,  other",
    })
    void mapsEveryTagToItsFixedSet(String webhook, String operation, String kind, String webhookTag, String operationTag,
            String kindTag) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new AdmissionMetrics(registry).record(webhook, operation, kind, true, Duration.ofMillis(1));

        assertThat(registry.get("ephemeral.ns.admission.requests").tag("webhook", webhookTag).tag("operation", operationTag)
                .tag("kind", kindTag).counter().count()).isEqualTo(1);
        assertThat(registry.get("ephemeral.ns.admission.duration").tag("webhook", webhookTag).timer().count()).isEqualTo(1);
    }
}
