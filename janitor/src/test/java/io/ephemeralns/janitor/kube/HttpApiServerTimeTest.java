package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.MockServerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The skew measurement against the mock server. The mock's answers carry no {@code Date} (only Content-Length, even
 * with a header set on the expectation: measured), so only the "cannot measure" path is tested here; the measurement
 * itself is tested against the real API server ({@code JanitorE2ETest}: the exported skew is a number, and every
 * deletion there depends on it) and its arithmetic in {@link io.ephemeralns.janitor.plan.ClockSkewTest}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class HttpApiServerTimeTest extends MockServerTest {

    @Test
    void cannotMeasureWhenTheAnswerHasNoDate() {
        server.expect().get().withPath("/version").andReturn(200, "{}").once();

        assertThat(new HttpApiServerTime(client, Clock.systemUTC()).skew()).isEmpty();
    }

    @Test
    void cannotMeasureWhenTheApiServerDoesNotAnswer() {
        // no expectation: the mock answers 404 without a Date
        assertThat(new HttpApiServerTime(client, Clock.systemUTC()).skew()).isEmpty();
    }
}
