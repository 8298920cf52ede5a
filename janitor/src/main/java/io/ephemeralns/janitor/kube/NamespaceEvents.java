package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events about CI namespaces. A Namespace is cluster-scoped, and the API server accepts Events about
 * cluster-scoped objects only in namespace {@code default} (where client-go's recorder writes them); the namespace
 * itself would take its Events with it anyway.
 * {@code kubectl get events -n default --field-selector involvedObject.name=<ns>} finds them.
 * A failure to record is logged and never fails what it records.
 */
@ApplicationScoped
public class NamespaceEvents {

    private static final Logger LOG = Logger.getLogger(NamespaceEvents.class);
    /** Where Events about cluster-scoped objects must go. */
    static final String NAMESPACE = "default";
    static final String COMPONENT = "ephemeral-ns-janitor";

    private final KubernetesClient client;

    public NamespaceEvents(KubernetesClient client) {
        this.client = client;
    }

    /** Records an Event about the namespace; {@code type} is {@code Normal} or {@code Warning}. False when it failed. */
    public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
        String time = Timestamps.format(now);
        try {
            client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(NAMESPACE)
                    .withName(namespace + "." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(namespace).withUid(uid)
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withCount(1)
                    .withFirstTimestamp(time).withLastTimestamp(time)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
            return true;
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s for namespace %s: %s", reason, namespace, e.getMessage());
            return false;
        }
    }
}
