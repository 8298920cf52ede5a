package io.ephemeralns.webhook.admission;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.webhook.rules.AdmissionInput;
import io.ephemeralns.webhook.rules.Exemptions;
import io.ephemeralns.webhook.rules.NamespaceMutation;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * {@code POST /mutate}: stamps CI namespaces and resets the product's keys a non-exempt requester changed (see
 * {@link NamespaceMutation}). Needs no cluster state.
 */
@ApplicationScoped
public class MutatingHandler implements AdmissionHandler {

    private final CiSettings settings;
    private final Exemptions exemptions;

    @Inject
    public MutatingHandler(CiSettings settings, Exemptions exemptions) {
        this.settings = settings;
        this.exemptions = exemptions;
    }

    @Override
    public AdmissionResponse handle(AdmissionRequest request, Instant now) {
        return Responses.of(NamespaceMutation.decide(AdmissionInput.of(request), settings, exemptions, now));
    }
}
