package io.ephemeralns.webhook.events;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.webhook.namespaces.NamespaceCache;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/**
 * Records the {@code Extended} Event when the namespace cache sees a granted extension ({@link ExtendedEvent}): the
 * admission handler that granted it has no side effects, so the Event comes from here, on every replica. Every replica
 * sees the same change and writes the Event under the same name, so the API server refuses all creates but the first
 * (409): it is recorded once. Additions (start-up listings) and deletions record nothing, so a restart repeats no
 * Event. A failure to record is logged and never retried: an Event is a notice, not state.
 *
 * <p>A Namespace is cluster-scoped: the API server accepts Events about it only in namespace {@code default}, where
 * {@code kubectl get events -n default --field-selector involvedObject.name=<ns>} finds them (as the janitor's).
 */
@ApplicationScoped
public class ExtensionEvents implements ResourceEventHandler<Namespace> {

    private static final Logger LOG = Logger.getLogger(ExtensionEvents.class);
    /** Where Events about cluster-scoped objects must go. */
    static final String EVENTS_NAMESPACE = "default";
    /** The source component of the webhook's Events. */
    static final String SOURCE = "ephemeral-ns-webhook";

    private final CiSettings settings;
    private final KubernetesClient client;

    public ExtensionEvents(CiSettings settings, KubernetesClient client) {
        this.settings = settings;
        this.client = client;
    }

    void onStart(@Observes @Priority(300) StartupEvent event, NamespaceCache cache) {
        cache.addEventHandler(this);
    }

    @Override
    public void onAdd(Namespace namespace) {
        // a first sight (also every namespace listed at start-up) is no new extension
    }

    @Override
    public void onUpdate(Namespace before, Namespace after) {
        ExtendedEvent.of(settings, NamespaceView.of(before), NamespaceView.of(after)).ifPresent(this::record);
    }

    @Override
    public void onDelete(Namespace namespace, boolean unknownFinalState) {
        // nothing to record
    }

    private void record(ExtendedEvent extended) {
        String time = Timestamps.format(extended.at());
        try {
            client.v1().events().inNamespace(EVENTS_NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(EVENTS_NAMESPACE).withName(extended.name()).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(extended.namespace())
                    .withUid(extended.uid()).endInvolvedObject()
                    .withType("Normal").withReason(ExtendedEvent.REASON).withMessage(extended.message()).withCount(1)
                    .withFirstTimestamp(time).withLastTimestamp(time)
                    .withNewSource().withComponent(SOURCE).endSource()
                    .withReportingComponent(SOURCE)
                    .build()).create();
            LOG.infof("namespace %s %s", extended.namespace(), extended.message());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.debugf("event %s already recorded by another replica", extended.name());
            } else {
                LOG.warnf("could not record event %s for namespace %s: %s", ExtendedEvent.REASON, extended.namespace(),
                        e.getMessage());
            }
        }
    }
}
