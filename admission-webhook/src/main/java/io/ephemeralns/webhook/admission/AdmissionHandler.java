package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.rules.Verdict;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.time.Instant;

/**
 * One webhook: a function from request to verdict (see {@link Webhooks}). It never sets the UID (the adapter does,
 * in one place) and may throw: the adapter turns an exception into a denied response with code 500.
 */
@FunctionalInterface
public interface AdmissionHandler {

    /** Decides a request at {@code now}. */
    Verdict handle(AdmissionRequest request, Instant now);
}
