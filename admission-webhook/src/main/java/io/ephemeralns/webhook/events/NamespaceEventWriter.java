package io.ephemeralns.webhook.events;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/**
 * Writes the webhook's Events about namespaces. A Namespace is cluster-scoped: the API server accepts Events about it
 * only in namespace {@code default}, where {@code kubectl get events -n default --field-selector
 * involvedObject.name=<ns>} finds them (as the janitor's). Every replica sees the same namespace change, so the
 * Event's name is fixed by what it reports and a second create is refused by the API server (409): it is recorded
 * once. A failure to record is logged and never retried: an Event is a notice, not state.
 */
@ApplicationScoped
public class NamespaceEventWriter {

    private static final Logger LOG = Logger.getLogger(NamespaceEventWriter.class);
    /** Where Events about cluster-scoped objects must go. */
    static final String NAMESPACE = "default";
    /** The source component of the webhook's Events. */
    static final String COMPONENT = "ephemeral-ns-webhook";

    private final KubernetesClient client;

    public NamespaceEventWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Records the {@code Extended} Event, once whichever replica comes first. */
    public void record(ExtendedEvent event) {
        String time = Timestamps.format(event.at());
        try {
            client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(NAMESPACE).withName(event.name()).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(event.namespace())
                    .withUid(event.uid()).endInvolvedObject()
                    .withType("Normal").withReason(ExtendedEvent.REASON).withMessage(event.message()).withCount(1)
                    .withFirstTimestamp(time).withLastTimestamp(time)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
            LOG.infof("namespace %s %s", event.namespace(), event.message());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.debugf("event %s already recorded by another replica", event.name());
            } else {
                LOG.warnf("could not record event %s for namespace %s: %s", ExtendedEvent.REASON, event.namespace(), e.getMessage());
            }
        }
    }
}
