package io.ephemeralns.webhook.admission;

import io.ephemeralns.webhook.rules.AdmissionInput;
import io.ephemeralns.webhook.rules.ClusterView;
import io.ephemeralns.webhook.rules.Policy;
import io.ephemeralns.webhook.rules.ValidatingRules;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * {@code POST /validate}: namespace rules, the baseline guard and the pod rule (see {@link ValidatingRules}).
 * Reads cluster state only from the in-memory namespace cache, never from the API server.
 */
@ApplicationScoped
public class ValidatingHandler implements AdmissionHandler {

    private final Policy policy;
    private final ClusterView cluster;

    @Inject
    public ValidatingHandler(Policy policy, ClusterView cluster) {
        this.policy = policy;
        this.cluster = cluster;
    }

    @Override
    public AdmissionResponse handle(AdmissionRequest request, Instant now) {
        return Responses.of(ValidatingRules.decide(AdmissionInput.of(request), policy, cluster, now));
    }
}
