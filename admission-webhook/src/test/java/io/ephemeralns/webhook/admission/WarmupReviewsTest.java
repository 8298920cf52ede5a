package io.ephemeralns.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.LabelSelector;
import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook's warm-up reviews: answered by the real adapter and handlers, about a CI namespace, never counted. */
class WarmupReviewsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Webhooks WEBHOOKS = new Webhooks(Fixtures.POLICY, ClusterView.UNKNOWN);
    private static final String UID = "warm-up-test";

    @Test
    void everyReviewIsAnsweredWithItsUidByTheRealHandlersAndLeftOutOfTheMetrics() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionResource resource = new AdmissionResource(WEBHOOKS.mutate(), WEBHOOKS.validate(),
                new AdmissionMetrics(registry), UID::equals);

        for (WarmupReviews.Review review : WarmupReviews.of(Fixtures.SETTINGS, UID)) {
            Response response = review.path().equals("/mutate") ? resource.mutate(review.body()) : resource.validate(review.body());

            assertThat(response.getStatus()).as(review.path()).isEqualTo(200);
            JsonNode body = MAPPER.readTree((String) response.getEntity());
            assertThat(body.at("/response/uid").asText()).isEqualTo(UID);
            assertThat(body.at("/response/status/code").asInt()).as("no handler failed").isNotEqualTo(500);
        }
        assertThat(registry.find("ephemeral.ns.admission.requests").counters()).isEmpty();
    }

    @Test
    void aReviewWithAnotherUidIsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionResource resource = new AdmissionResource(WEBHOOKS.mutate(), WEBHOOKS.validate(),
                new AdmissionMetrics(registry), UID::equals);

        resource.validate(WarmupReviews.of(Fixtures.SETTINGS, "a-real-uid").get(1).body());

        assertThat(registry.get("ephemeral.ns.admission.requests").counter().count()).isEqualTo(1);
    }

    @Test
    void theNamespaceMatchesTheConfiguredCiSelectorSoThatTheCiRulesRun() throws Exception {
        CiSettings settings = CiSettings.builder().selector("team=ci,stage=test").build();

        JsonNode namespace = MAPPER.readTree(WarmupReviews.of(settings, UID).get(0).body()).at("/request/object");

        Map<String, String> labels = MAPPER.convertValue(namespace.at("/metadata/labels"), new TypeReference<>() { });
        assertThat(LabelSelector.parse("team=ci,stage=test").matches(labels)).isTrue();
        assertThat(labels).containsEntry(settings.ttlLabel(), "1h");
    }

    @Test
    void wildcardServerAddressesAreReachedOverLoopback() {
        assertThat(AdmissionWarmup.loopback("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(AdmissionWarmup.loopback("::")).isEqualTo("::1");
        assertThat(AdmissionWarmup.loopback("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
