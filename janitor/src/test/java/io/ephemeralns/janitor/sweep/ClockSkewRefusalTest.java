package io.ephemeralns.janitor.sweep;

import static io.ephemeralns.janitor.Namespaces.exists;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.TestApiServerTime;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deletions refused while the janitor's clock is not trusted (janitor.max-clock-skew, 30s by default). */
@QuarkusTest
@WithKubernetesTestServer
class ClockSkewRefusalTest extends MockServerTest {

    @Inject
    Sweeper sweeper;

    @BeforeEach
    void expiredNamespace() {
        client.namespaces().delete();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("test-expired")
                .addToLabels("created-by", "ci-cd").addToLabels(ProductKeys.MANAGED, "true")
                .addToAnnotations(ProductKeys.EXPIRES_AT, "2020-01-01T00:00:00Z").endMetadata().build()).create();
    }

    @Test
    void refusesToDeleteWhileTheJanitorsClockIsAheadOfTheApiServersBeyondTheBound() {
        TestApiServerTime.set(Optional.of(Duration.ofMinutes(5)));

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.REFUSED)).isEqualTo(1);
        assertThat(result.succeeded()).as("run-once exits non-zero").isFalse();
        assertThat(exists(client, "test-expired")).isTrue();
        assertThat(metrics())
                .contains("ephemeral_ns_clock_skew_seconds 300.0")
                .containsPattern("ephemeral_ns_refused_actions_total\\{reason=\"clock_skew\"\\} [1-9]")
                .contains("ephemeral_ns_refused_actions_total{reason=\"not_leader\"}");
    }

    @Test
    void refusesToDeleteWhileTheSkewCannotBeMeasured() {
        TestApiServerTime.set(Optional.empty());

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.REFUSED)).isEqualTo(1);
        assertThat(exists(client, "test-expired")).isTrue();
        assertThat(metrics()).contains("ephemeral_ns_clock_skew_seconds NaN");
    }

    @Test
    void deletesAgainOnceTheSkewIsWithinTheBound() {
        TestApiServerTime.set(Optional.of(Duration.ofSeconds(-20)));

        SweepResult result = sweeper.sweep();

        assertThat(result.count(DeletionOutcome.DELETED)).isEqualTo(1);
        assertThat(exists(client, "test-expired")).isFalse();
        assertThat(metrics()).contains("ephemeral_ns_clock_skew_seconds -20.0");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
