package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The thin shell that talks to the API server for the reconciler: server-side apply of a plan's objects with the
 * fixed field manager {@value #FIELD_MANAGER} and {@code force} (the baseline's fields belong to the product;
 * a pipeline that edited them loses them back), then the {@code ephemeral-ns.io/baseline=applied} annotation
 * by JSON merge patch. Decisions live in {@link BaselineProfiles#plan} and {@link BaselineReconciler}.
 */
@ApplicationScoped
public class BaselineApplier {

    /** The field manager of every apply; the e2e suite checks managedFields for it. */
    public static final String FIELD_MANAGER = "ephemeral-ns";

    private final KubernetesClient client;

    @Inject
    public BaselineApplier(KubernetesClient client) {
        this.client = client;
    }

    /** Applies every object of the plan, in order; the first failure stops and is thrown. */
    public void apply(BaselinePlan plan) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        for (Map<String, Object> object : plan.objects()) {
            HasMetadata resource = serialization.unmarshal(serialization.asJson(object));
            client.resource(resource).inNamespace(plan.namespace())
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }

    /** Sets {@code ephemeral-ns.io/baseline=applied} on the namespace. */
    public void markApplied(String namespace) {
        client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + ProductKeys.BASELINE + "\":\"applied\"}}}");
    }
}
