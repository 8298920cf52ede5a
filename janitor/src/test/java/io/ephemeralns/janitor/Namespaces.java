package io.ephemeralns.janitor;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Test helper: creates namespaces with labels given as {@code key, value, key, value...}. */
public final class Namespaces {

    private Namespaces() {
    }

    public static Namespace namespace(String name, String... labels) {
        NamespaceBuilder builder = new NamespaceBuilder().withNewMetadata().withName(name).withLabels(new java.util.HashMap<>())
                .endMetadata();
        for (int i = 0; i < labels.length; i += 2) {
            builder.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return builder.build();
    }

    public static void create(KubernetesClient client, String name, String... labels) {
        client.namespaces().resource(namespace(name, labels)).create();
    }

    /** Creates a CI namespace as the admission webhook leaves it: the given labels plus {@code managed=true}. */
    public static void admitted(KubernetesClient client, String name, String... labels) {
        Namespace namespace = namespace(name, labels);
        namespace.getMetadata().getLabels().put(ProductKeys.MANAGED, "true");
        client.namespaces().resource(namespace).create();
    }

    public static boolean exists(KubernetesClient client, String name) {
        return client.namespaces().withName(name).get() != null;
    }
}
