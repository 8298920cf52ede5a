package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API requests of a sleep. Inside a CI namespace they use the janitor's baseline RoleBinding
 * {@code ephemeral-ns-janitor-access} (get, list, patch on every kind there, subresources included): no cluster-wide
 * right to read or scale workloads. Every write to a workload is a JSON merge patch carrying the resourceVersion the
 * decision saw, so a workload changed since is left alone (409); every write to the namespace carries its UID.
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

    /**
     * Sets (or with null removes) one annotation of the workload, if its resourceVersion is still {@code resourceVersion}.
     *
     * @return the workload's new resourceVersion
     * @throws KubernetesClientException 409 when it changed since, 404 when it is gone
     */
    public String annotate(String namespace, Workload workload, String resourceVersion, String key, String value) {
        String body = "{\"metadata\":{\"resourceVersion\":" + json(resourceVersion) + ",\"annotations\":{" + json(key) + ":"
                + (value == null ? "null" : json(value)) + "}}}";
        return patch(path(namespace, workload), body);
    }

    /**
     * Sets the workload's replicas through its {@code scale} subresource, if its resourceVersion is still
     * {@code resourceVersion}.
     *
     * @return the workload's new resourceVersion
     */
    public String scale(String namespace, Workload workload, String resourceVersion, int replicas) {
        String body = "{\"metadata\":{\"resourceVersion\":" + json(resourceVersion) + "},\"spec\":{\"replicas\":" + replicas
                + "}}";
        return patch(path(namespace, workload) + "/scale", body);
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

    /** One merge patch; the new resourceVersion of the object it answers with. */
    private String patch(String path, String body) {
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
            Map<?, ?> answer = client.getKubernetesSerialization().unmarshal(response.body(), Map.class);
            return answer.get("metadata") instanceof Map<?, ?> meta && meta.get("resourceVersion") instanceof String version
                    ? version : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("PATCH " + path + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("PATCH " + path + " failed: " + e, e);
        }
    }
}
