package io.ephemeralns.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers the Mutating- and ValidatingWebhookConfigurations of {@code e2e/manifests/webhook-configurations.yaml}
 * (the same file the demo applies) pointed at a local webhook process by URL, with the suite's CA as caBundle.
 *
 * @param name       prefix of the configurations' names, so that several webhooks can be registered
 * @param labelKey   the CI selector's key (e.g. {@code created-by})
 * @param labelValue the CI selector's value (e.g. {@code ci-cd})
 */
record WebhookRegistration(String name, String labelKey, String labelValue) {

    private static final String FILE = "e2e/manifests/webhook-configurations.yaml";

    void register(KubernetesClient admin, Path repo, String baseUrl, String caBundle) {
        String manifests = ControlPlane.read(repo.resolve(FILE))
                .replace("__NAME__", name).replace("__URL__", baseUrl).replace("__CA_BUNDLE__", caBundle)
                .replace("__LABEL_KEY__", labelKey).replace("__LABEL_VALUE__", labelValue);
        List<HasMetadata> objects = admin.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
        for (HasMetadata object : objects) {
            admin.resource(object).forceConflicts().fieldManager("e2e").serverSideApply();
        }
    }

    void unregister(KubernetesClient admin) {
        admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name + "-mutate").delete();
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(name + "-validate").delete();
    }
}
