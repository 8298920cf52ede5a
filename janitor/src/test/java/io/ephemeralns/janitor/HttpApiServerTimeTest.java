package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The skew measurement itself, against the mock server answering {@code GET /version} with a chosen {@code Date}. */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class HttpApiServerTimeTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Test
    void measuresTheSkewFromTheDateHeaderOfTheApiServersAnswer() {
        server.expect().get().withPath("/version").andReturn(200, "{\"major\":\"1\",\"minor\":\"35\"}")
                .withHeader("Date", "Thu, 26 Nov 2026 09:58:00 GMT").once();
        Clock janitorAhead = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

        assertThat(new HttpApiServerTime(client, janitorAhead).skew()).contains(Duration.ofMillis(119_500));
    }

    @Test
    void cannotMeasureWhenTheAnswerHasNoDate() {
        server.expect().get().withPath("/version").andReturn(200, "{}").once();

        assertThat(new HttpApiServerTime(client, Clock.systemUTC()).skew()).isEmpty();
    }
}
