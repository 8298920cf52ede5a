package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The API requests of a sleep. Inside a CI namespace they use the janitor's baseline RoleBinding
 * {@code ephemeral-ns-janitor-access} (get, list, patch on every kind there): no cluster-wide right to read or scale
 * workloads. Every write to a workload is a JSON merge patch carrying the resourceVersion it was read with, so a
 * workload changed since is refused (409) and read again by the caller; every write to the namespace carries its UID.
 */
public class WorkloadApi {

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;

    public WorkloadApi(KubernetesClient client) {
        this.client = client;
    }

    /** The namespace's Deployments and StatefulSets: two list requests. */
    public List<Workload> list(String namespace) {
        List<Workload> workloads = new ArrayList<>();
        client.apps().deployments().inNamespace(namespace).list().getItems()
                .forEach(deployment -> workloads.add(workload(WorkloadKind.DEPLOYMENT, deployment)));
        client.apps().statefulSets().inNamespace(namespace).list().getItems()
                .forEach(set -> workloads.add(workload(WorkloadKind.STATEFULSET, set)));
        return workloads;
    }

    /** The workload as it is now (one GET); empty when it is gone. */
    public Optional<Workload> get(String namespace, Workload workload) {
        return Optional.ofNullable(resource(namespace, workload).get()).map(object -> workload(workload.kind(), object));
    }

    /**
     * Sets the workload's replicas and its {@code sleep-replicas} annotation (removed with null) in one write, if its
     * resourceVersion is still the one {@code workload} was read with: the count and its record change together or not
     * at all.
     *
     * @throws KubernetesClientException 409 when it changed since (a controller's status write counts too), 404 when
     *                                   it is gone
     */
    public void setReplicas(String namespace, Workload workload, int replicas, String saved) {
        String body = "{\"metadata\":{\"resourceVersion\":" + json(workload.resourceVersion()) + ",\"annotations\":{"
                + json(ProductKeys.SLEEP_REPLICAS) + ":" + (saved == null ? "null" : json(saved)) + "}},\"spec\":{\"replicas\":"
                + replicas + "}}";
        resource(namespace, workload).patch(MERGE, body);
    }

    /**
     * Removes the workload's {@code sleep-replicas} annotation, if its resourceVersion is still the one {@code workload}
     * was read with.
     */
    public void removeSaved(String namespace, Workload workload) {
        String body = "{\"metadata\":{\"resourceVersion\":" + json(workload.resourceVersion()) + ",\"annotations\":{"
                + json(ProductKeys.SLEEP_REPLICAS) + ":null}}}";
        resource(namespace, workload).patch(MERGE, body);
    }

    /**
     * Sets (or with null values removes) labels and annotations of the namespace of that name and UID (the API server
     * refuses the patch when the name now belongs to another namespace).
     */
    public void patchNamespace(String name, String uid, Map<String, String> labels, Map<String, String> annotations) {
        String body = "{\"metadata\":{\"uid\":" + json(uid) + ",\"labels\":" + object(labels) + ",\"annotations\":"
                + object(annotations) + "}}";
        client.namespaces().withName(name).patch(MERGE, body);
    }

    private Resource<? extends HasMetadata> resource(String namespace, Workload workload) {
        return switch (workload.kind()) {
            case DEPLOYMENT -> client.apps().deployments().inNamespace(namespace).withName(workload.name());
            case STATEFULSET -> client.apps().statefulSets().inNamespace(namespace).withName(workload.name());
        };
    }

    private static Workload workload(WorkloadKind kind, HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        Integer replicas = object instanceof Deployment deployment && deployment.getSpec() != null
                ? deployment.getSpec().getReplicas()
                : object instanceof StatefulSet set && set.getSpec() != null ? set.getSpec().getReplicas() : null;
        String saved = meta.getAnnotations() == null ? null : meta.getAnnotations().get(ProductKeys.SLEEP_REPLICAS);
        return new Workload(kind, meta.getName(), meta.getResourceVersion(), replicas == null ? 1 : replicas,
                LastChange.of(meta), saved);
    }

    private static String object(Map<String, String> entries) {
        StringJoiner joiner = new StringJoiner(",", "{", "}");
        entries.forEach((key, value) -> joiner.add(json(key) + ":" + (value == null ? "null" : json(value))));
        return joiner.toString();
    }

    private static String json(String text) {
        return Serialization.asJson(text);
    }
}
