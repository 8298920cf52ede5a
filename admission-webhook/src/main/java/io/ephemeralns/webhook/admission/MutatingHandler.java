package io.ephemeralns.webhook.admission;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.webhook.rules.AdmissionInput;
import io.ephemeralns.webhook.rules.NamespaceMutation;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** {@code POST /mutate}: stamps CI namespaces (see {@link NamespaceMutation}). Needs no cluster state. */
@ApplicationScoped
public class MutatingHandler implements AdmissionHandler {

    private final CiSettings settings;

    @Inject
    public MutatingHandler(CiSettings settings) {
        this.settings = settings;
    }

    @Override
    public AdmissionResponse handle(AdmissionRequest request, Instant now) {
        return Responses.of(NamespaceMutation.decide(AdmissionInput.of(request), settings, now));
    }
}
