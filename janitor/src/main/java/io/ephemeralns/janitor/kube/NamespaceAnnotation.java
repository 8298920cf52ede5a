package io.ephemeralns.janitor.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes one of the janitor's annotations on a namespace with a JSON merge patch that carries the namespace's UID: the
 * API server refuses the patch when the name now belongs to a namespace re-created since (the UID differs), so a
 * stranger's namespace is never marked. A failure is logged with the namespace and the reason, never thrown.
 */
public class NamespaceAnnotation {

    private static final Logger LOG = Logger.getLogger(NamespaceAnnotation.class);

    private final KubernetesClient client;
    private final String key;

    public NamespaceAnnotation(KubernetesClient client, String key) {
        this.client = client;
        this.key = key;
    }

    /** Sets the annotation on the namespace of that name and UID; false when the API server refused or failed. */
    public boolean write(String namespace, String uid, String value) {
        String body = Serialization.asJson(Map.of("metadata", Map.of("uid", uid, "annotations", Map.of(key, value))));
        try {
            client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE), body);
            return true;
        } catch (KubernetesClientException e) {
            LOG.warnf("could not annotate namespace %s (uid %s) with %s=%s: HTTP %d %s", namespace, uid, key, value,
                    e.getCode(), e.getMessage());
            return false;
        }
    }
}
