package io.ephemeralns.janitor.kube;

import java.util.List;

/**
 * The kinds deleted before a namespace, controllers first so that they do not re-create the pods, pods last.
 * Deleting pods before the namespace closes the window in which the namespace controller has already removed
 * the NetworkPolicies while pods still run unrestricted (CVE-2024-7598).
 *
 * @param group    API group ({@code ""} for core)
 * @param version  API version
 * @param resource plural resource name
 */
public record WorkloadKinds(String group, String version, String resource) {

    /** In deletion order. */
    public static final List<WorkloadKinds> ORDER = List.of(
            new WorkloadKinds("batch", "v1", "cronjobs"),
            new WorkloadKinds("apps", "v1", "deployments"),
            new WorkloadKinds("apps", "v1", "statefulsets"),
            new WorkloadKinds("apps", "v1", "daemonsets"),
            new WorkloadKinds("apps", "v1", "replicasets"),
            new WorkloadKinds("batch", "v1", "jobs"),
            new WorkloadKinds("", "v1", "replicationcontrollers"),
            new WorkloadKinds("", "v1", "pods"));

    /** The collection path in a namespace, e.g. {@code /apis/apps/v1/namespaces/x/deployments}. */
    public String path(String namespace) {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + "/namespaces/" + namespace + "/" + resource;
    }
}
