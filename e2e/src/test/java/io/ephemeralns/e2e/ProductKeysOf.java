package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;

/** What the adversarial tests read of the product's keys, and how they recognise the webhook's answer. */
final class ProductKeysOf {

    private ProductKeysOf() {
    }

    /** The namespace's {@code ephemeral-ns.io/} labels and annotations, as "label key" / "annotation key" to value. */
    static Map<String, String> namespace(KubernetesClient admin, String ns) {
        Namespace namespace = admin.namespaces().withName(ns).get();
        Map<String, String> keys = new TreeMap<>();
        Map<String, String> labels = namespace.getMetadata().getLabels();
        Map<String, String> annotations = namespace.getMetadata().getAnnotations();
        (labels == null ? Map.<String, String>of() : labels).forEach((key, value) -> {
            if (key.startsWith("ephemeral-ns.io/")) {
                keys.put("label " + key, value);
            }
        });
        (annotations == null ? Map.<String, String>of() : annotations).forEach((key, value) -> {
            if (key.startsWith("ephemeral-ns.io/")) {
                keys.put("annotation " + key, value);
            }
        });
        return keys;
    }

    /**
     * True when kubectl was refused with a message naming the key, or succeeded with the webhook's warning that it
     * reverted the key; either way the caller checks the key's value.
     */
    static boolean refusedOrReverted(Shell.Result result, String key) {
        return result.exit() == 0
                ? result.stderr().contains("Warning:") && result.stderr().contains("ephemeral-ns reverted") && result.stderr().contains(key)
                : result.stderr().contains("denied the request") && result.stderr().contains(key);
    }
}
