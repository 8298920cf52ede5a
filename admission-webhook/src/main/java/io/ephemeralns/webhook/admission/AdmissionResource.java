package io.ephemeralns.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The one HTTP adapter of the webhook: {@code POST /mutate} and {@code POST /validate} take and return
 * AdmissionReview {@code admission.k8s.io/v1}.
 *
 * <p>It decodes the body itself so that it controls every error: a body that is not an AdmissionReview with a
 * request and UID is answered HTTP 400 with a plain message; an exception inside a handler becomes a review
 * with {@code allowed: false}, code 500 and the UID (fail closed, and never an HTML error page). The response
 * UID is set here and nowhere else. Bodies larger than {@code quarkus.http.limits.max-body-size} are refused
 * with 413 by the HTTP layer before they reach this class.
 *
 * <p>Non-blocking on purpose: the handlers are pure decisions over memory (microseconds, no I/O), so they run on
 * the event loop with the body already buffered. As a blocking endpoint, the body was read through a blocking
 * stream on a worker thread, and over HTTP/2 (how the API server calls webhooks) requests then stalled for
 * seconds under steady load (measured with bench/run.sh: 98% timeouts at 1,000 req/s).
 */
@Path("/")
@NonBlocking
public class AdmissionResource {

    private static final Logger LOG = Logger.getLogger(AdmissionResource.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final AdmissionHandler mutate;
    private final AdmissionHandler validate;
    private final AdmissionMetrics metrics;
    private final Predicate<String> isWarmup;

    @Inject
    public AdmissionResource(Webhooks webhooks, AdmissionMetrics metrics, AdmissionWarmup warmup) {
        this(webhooks.mutate(), webhooks.validate(), metrics, warmup::isWarmup);
    }

    /** {@code isWarmup} tells the webhook's own warm-up reviews (by UID), which are not counted in the metrics. */
    AdmissionResource(AdmissionHandler mutate, AdmissionHandler validate, AdmissionMetrics metrics,
            Predicate<String> isWarmup) {
        this.mutate = mutate;
        this.validate = validate;
        this.metrics = metrics;
        this.isWarmup = isWarmup;
    }

    /** The mutating webhook. */
    @POST
    @Path("mutate")
    @Consumes(MediaType.WILDCARD)
    public Response mutate(byte[] body) {
        return serve("mutate", mutate, body);
    }

    /** The validating webhook. */
    @POST
    @Path("validate")
    @Consumes(MediaType.WILDCARD)
    public Response validate(byte[] body) {
        return serve("validate", validate, body);
    }

    private Response serve(String webhook, AdmissionHandler handler, byte[] body) {
        long started = System.nanoTime();
        AdmissionRequest request;
        try {
            request = decode(body);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN)
                    .entity("expected an AdmissionReview admission.k8s.io/v1 with a request and its uid: " + e.getMessage() + "\n")
                    .build();
        }
        AdmissionResponse response;
        try {
            response = Responses.of(handler.handle(request, Instant.now()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s webhook failed on request %s (%s %s %s/%s)", webhook, request.getUid(), request.getOperation(),
                    request.getResource() == null ? "?" : request.getResource().getResource(),
                    request.getNamespace(), request.getName());
            response = Responses.failure(webhook, e);
        }
        response.setUid(request.getUid());
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setResponse(response);
        if (!isWarmup.test(request.getUid())) {
            metrics.record(webhook, request.getOperation(), request.getKind() == null ? null : request.getKind().getKind(),
                    Boolean.TRUE.equals(response.getAllowed()), Duration.ofNanos(System.nanoTime() - started));
        }
        try {
            return Response.ok(MAPPER.writeValueAsString(review), MediaType.APPLICATION_JSON).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an AdmissionReview", e);
        }
    }

    private static AdmissionRequest decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the body is empty");
        }
        AdmissionReview review;
        try {
            review = MAPPER.readValue(body, AdmissionReview.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("the body is not valid JSON of that shape (" + why + ")");
        }
        if (review == null || !"AdmissionReview".equals(review.getKind())) {
            throw new IllegalArgumentException("kind is " + (review == null ? "absent" : review.getKind()));
        }
        if (review.getRequest() == null || review.getRequest().getUid() == null || review.getRequest().getUid().isBlank()) {
            throw new IllegalArgumentException("request or request.uid is missing");
        }
        return review.getRequest();
    }
}
