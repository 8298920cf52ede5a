package io.ephemeralns.webhook.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Fixtures;
import io.ephemeralns.webhook.rules.Policy;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A bug inside a handler, over HTTPS: the adapter answers a proper AdmissionReview, {@code allowed: false} with
 * code 500 and the request's UID, never an HTML error page. The bug is a test-only handler that throws.
 */
@QuarkusTest
@TestProfile(AdmissionHttpsFailureTest.WithFailingHandler.class)
@WithTestResource(GeneratedCertificate.class)
class AdmissionHttpsFailureTest {

    public static class WithFailingHandler implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FailingWebhooks.class);
        }
    }

    /** Stands in for the real webhooks in this test only (enabled by the profile): /mutate fails like a bug would. */
    @Alternative
    @Singleton
    public static class FailingWebhooks extends Webhooks {
        @Inject
        public FailingWebhooks(Policy policy, ClusterView cluster) {
            super(policy, cluster);
        }

        @Override
        public AdmissionHandler mutate() {
            return (request, now) -> {
                throw new IllegalStateException("a bug in a handler");
            };
        }
    }

    @TestHTTPResource(value = "/mutate", tls = true)
    URL mutate;

    @Test
    void aBugInAHandlerIsA500DenialThatCarriesTheUid() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "namespaces").build();
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setRequest(request);

        given().relaxedHTTPSValidation().contentType("application/json").body(new ObjectMapper().writeValueAsString(review))
                .when().post(mutate).then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo(request.getUid()))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(500));
    }
}
