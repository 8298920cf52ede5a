package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API requests of a sleep. Inside a CI namespace they use the janitor's baseline RoleBinding
 * {@code ephemeral-ns-janitor-access} (get, list, patch on every kind there): no cluster-wide right to read or scale
 * workloads. Every write to a workload is a JSON merge patch carrying the resourceVersion it was read with, so a
 * workload changed since is refused (409) and read again by the caller; every write to the namespace carries its UID.
 */
public class WorkloadApi {

    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final long TIMEOUT_SECONDS = 60;

    private final KubernetesClient client;

    public WorkloadApi(KubernetesClient client) {
        this.client = client;
    }

    /** The namespace's Deployments and StatefulSets: two list requests. */
    public List<Workload> list(String namespace) {
        List<Workload> workloads = new ArrayList<>();
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(deployment -> workloads.add(
                workload(WorkloadKind.DEPLOYMENT, deployment, deployment.getSpec() == null ? null
                        : deployment.getSpec().getReplicas())));
        client.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(set -> workloads.add(
                workload(WorkloadKind.STATEFULSET, set, set.getSpec() == null ? null : set.getSpec().getReplicas())));
        return workloads;
    }

    private static Workload workload(WorkloadKind kind, HasMetadata object, Integer replicas) {
        ObjectMeta meta = object.getMetadata();
        String saved = meta.getAnnotations() == null ? null : meta.getAnnotations().get(ProductKeys.SLEEP_REPLICAS);
        return new Workload(kind, meta.getName(), meta.getResourceVersion(), replicas == null ? 1 : replicas,
                LastChange.of(meta), saved);
    }

    /** The workload as it is now (one GET); empty when it is gone. */
    public Optional<Workload> get(String namespace, Workload workload) {
        return Optional.ofNullable(switch (workload.kind()) {
            case DEPLOYMENT -> {
                Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(workload.name()).get();
                yield deployment == null ? null : workload(WorkloadKind.DEPLOYMENT, deployment,
                        deployment.getSpec() == null ? null : deployment.getSpec().getReplicas());
            }
            case STATEFULSET -> {
                StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(workload.name()).get();
                yield set == null ? null : workload(WorkloadKind.STATEFULSET, set,
                        set.getSpec() == null ? null : set.getSpec().getReplicas());
            }
        });
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
        patch(path(namespace, workload), body);
    }

    /**
     * Removes the workload's {@code sleep-replicas} annotation, if its resourceVersion is still the one {@code workload}
     * was read with.
     */
    public void removeSaved(String namespace, Workload workload) {
        String body = "{\"metadata\":{\"resourceVersion\":" + json(workload.resourceVersion()) + ",\"annotations\":{"
                + json(ProductKeys.SLEEP_REPLICAS) + ":null}}}";
        patch(path(namespace, workload), body);
    }

    /**
     * Sets (or with null values removes) labels and annotations of the namespace of that name and UID (the API server
     * refuses the patch when the name now belongs to another namespace).
     */
    public void patchNamespace(String name, String uid, Map<String, String> labels, Map<String, String> annotations) {
        String body = "{\"metadata\":{\"uid\":" + json(uid) + ",\"labels\":" + object(labels) + ",\"annotations\":"
                + object(annotations) + "}}";
        patch("/api/v1/namespaces/" + name, body);
    }

    private static String path(String namespace, Workload workload) {
        return "/apis/apps/v1/namespaces/" + namespace + "/" + workload.kind().plural() + "/" + workload.name();
    }

    private static String object(Map<String, String> entries) {
        StringJoiner joiner = new StringJoiner(",", "{", "}");
        entries.forEach((key, value) -> joiner.add(json(key) + ":" + (value == null ? "null" : json(value))));
        return joiner.toString();
    }

    private static String json(String text) {
        return Serialization.asJson(text);
    }

    /** One merge patch. */
    private void patch(String path, String body) {
        HttpClient http = client.getHttpClient();
        String base = client.getConfiguration().getMasterUrl();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path)
                .patch(MERGE_PATCH, body).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                throw new KubernetesClientException("PATCH " + path + " failed: HTTP " + response.code() + " "
                        + response.body(), response.code(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("PATCH " + path + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("PATCH " + path + " failed: " + e, e);
        }
    }
}
