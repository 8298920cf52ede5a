package io.ephemeralns.webhook.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.webhook.rules.Fixtures;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(GeneratedCertificate.class)
class AdmissionHttpsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private String url(String path) {
        return https.toString().replaceAll("/$", "") + path;
    }

    private static String review(AdmissionRequest request) throws Exception {
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setRequest(request);
        return MAPPER.writeValueAsString(review);
    }

    private ValidatableResponse post(String path, String body) {
        return given().relaxedHTTPSValidation().contentType("application/json").body(body)
                .when().post(url(path)).then();
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateAndEchoesTheUid() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "namespaces").object(Fixtures.ns("team-a")).build();
        request.setUid("7f0e1c2a-uid");

        post("/validate", review(request)).statusCode(200)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo("7f0e1c2a-uid"))
                .body("response.allowed", equalTo(true));
        assertThat(https.getProtocol()).isEqualTo("https");
    }

    @Test
    void mutatesACiNamespaceWithABase64JsonPatch() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "namespaces")
                .object(Fixtures.ci("test-https").label("ttl", "2h")).build();

        String patch = post("/mutate", review(request)).statusCode(200)
                .body("response.allowed", equalTo(true))
                .body("response.patchType", equalTo("JSONPatch"))
                .body("response.uid", equalTo("uid-1"))
                .extract().path("response.patch");
        List<Map<String, Object>> ops = MAPPER.readValue(new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8), new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
        assertThat(ops).extracting(op -> (Object) op.get("path"))
                .containsExactly("/metadata/labels/ephemeral-ns.io~1managed", "/metadata/annotations");
    }

    @Test
    void refusesACiNamespaceWithoutTtlWithTheReasonAndUid() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "namespaces").object(Fixtures.ci("test-no-ttl")).build();

        post("/validate", review(request)).statusCode(200)
                .body("response.uid", equalTo("uid-1"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", containsString("label ttl is missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "{}", "[]", "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"}",
        "{\"kind\":\"AdmissionReview\",\"request\":{\"operation\":\"CREATE\"}}", "{\"kind\":\"Pod\",\"request\":{\"uid\":\"x\"}}"})
    void answers400WithAPlainMessageToABodyThatIsNotAnAdmissionReview(String body) {
        for (String path : List.of("/mutate", "/validate")) {
            post(path, body).statusCode(400).contentType(containsString("text/plain"))
                    .body(containsString("expected an AdmissionReview admission.k8s.io/v1"));
        }
    }

    @Test
    void answers400ToAReviewWhoseObjectIsMalformed() throws Exception {
        // objects are decoded with the review (typed by kind), so a malformed one is a malformed review
        AdmissionRequest request = Fixtures.request("CREATE", "namespaces")
                .rawObject(Map.of("apiVersion", "v1", "kind", "Namespace",
                        "metadata", Map.of("name", "test-bad", "labels", List.of("not", "a", "map"))))
                .build();

        post("/validate", review(request)).statusCode(400).body(containsString("not valid JSON of that shape"));
    }

    @Test
    void allowsKindsItDoesNotHandleUnchanged() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "configmaps").in("test-a")
                .object(Fixtures.object("v1", "ConfigMap", "test-a", "settings")).build();

        for (String path : List.of("/mutate", "/validate")) {
            post(path, review(request)).statusCode(200)
                    .body("response.allowed", equalTo(true))
                    .body("response.patch", equalTo(null));
        }
    }

    @Test
    void allowsAPodWithAWarningWhileTheApiServerIsUnreachable() throws Exception {
        AdmissionRequest request = Fixtures.request("CREATE", "pods").in("test-a")
                .object(Fixtures.object("v1", "Pod", "test-a", "runner")).build();

        post("/validate", review(request)).statusCode(200)
                .body("response.allowed", equalTo(true))
                .body("response.warnings[0]", containsString("the webhook's cache has not listed the namespaces yet"));
    }

    @Test
    void refusesABodyLargerThanTheCapWith413OverVerifiedTls() throws Exception {
        java.security.cert.Certificate cert;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.tls.key-store.pem.0.cert", String.class)))) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("webhook", cert);
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        byte[] huge = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');

        // Expect: 100-continue lets the server refuse on Content-Length before the body is sent, as the API server's client does not
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/validate")))
                .expectContinue(true).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void isReadyWhileTheApiServerIsUnreachableButReportsTheReconcilerDown() {
        // ready once its own warm-up reviews are answered, which needs no API server
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().relaxedHTTPSValidation()
                .when().get(url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP")));
        given().relaxedHTTPSValidation().when().get(url("/q/health/live")).then().statusCode(200);
        given().relaxedHTTPSValidation().when().get(url("/q/health/group/baseline")).then().statusCode(503)
                .body("checks[0].name", equalTo("baseline-reconciler"))
                .body("checks[0].data.namespace-cache-synced", equalTo(false));
    }

    @Test
    void becomesReadyOnceItsOwnReviewsHaveWarmedTheAdmissionPathAndLeavesThemOutOfTheMetrics() {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().relaxedHTTPSValidation()
                .when().get(url("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'admission' }.data.warmed-up", equalTo(true)));

        String metrics = given().relaxedHTTPSValidation().when().get(url("/q/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain("kind=\"ResourceQuota\",operation=\"UPDATE\"");
    }

    @Test
    void exportsTheContractsMetrics() throws Exception {
        post("/validate", review(Fixtures.request("CREATE", "namespaces").object(Fixtures.ns("team-m")).build())).statusCode(200);

        String metrics = given().relaxedHTTPSValidation().when().get(url("/q/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("ephemeral_ns_admission_requests_total{allowed=\"true\",kind=\"Namespace\",operation=\"CREATE\",webhook=\"validate\"}")
                .contains("ephemeral_ns_admission_duration_seconds_bucket{webhook=\"validate\"")
                .contains("ephemeral_ns_baseline_reconciles_total{result=\"failed\"}");
    }
}
