package io.ephemeralns.janitor.kube;

import io.ephemeralns.janitor.plan.ClockSkew;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The production {@link ApiServerTime}: one {@code GET /version} (readable by every authenticated identity, tiny)
 * through the client's own HTTP client, timed on the janitor's clock, and the {@code Date} header of its answer.
 */
@ApplicationScoped
@DefaultBean
public class HttpApiServerTime implements ApiServerTime {

    private static final Logger LOG = Logger.getLogger(HttpApiServerTime.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Clock clock;

    public HttpApiServerTime(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The {@code Date} header, whatever the case of its name in the client's header map. */
    static String date(HttpResponse<?> response) {
        return response.headers().entrySet().stream()
                .filter(header -> "date".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public Optional<Duration> skew() {
        HttpClient http = client.getHttpClient();
        String base = client.getConfiguration().getMasterUrl();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri((base.endsWith("/") ? base : base + "/") + "version").build();
        Instant sent = clock.instant();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Instant received = clock.instant();
            return ClockSkew.measure(sent, received, date(response));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("cannot measure the clock skew against the API server: %s", e.toString());
            return Optional.empty();
        }
    }
}
