package io.ephemeralns.webhook.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.time.Instant;

/**
 * One webhook: a function from request to response. It never sets the UID (the adapter does, in one
 * place) and may throw: the adapter turns an exception into a denied response with code 500.
 */
@FunctionalInterface
public interface AdmissionHandler {

    /** Decides a request at {@code now}. */
    AdmissionResponse handle(AdmissionRequest request, Instant now);
}
