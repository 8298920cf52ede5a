package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The reconciler's Events about a CI namespace: {@value #PULL_SECRET_MISSING} ({@code Warning}), when the namespace's
 * {@code ephemeral-ns.io/baseline-reason} first says an image pull secret's source is missing or of a wrong type. Like
 * the webhook's other Events they live in namespace {@value #EVENTS_NAMESPACE} (a Namespace is cluster-scoped), with
 * source component {@value #SOURCE}. The name is derived from the namespace and the reason, so that replicas and
 * retries meeting the same problem record it once (409). A failure to record is logged and never retried.
 */
@ApplicationScoped
public class BaselineEvents {

    private static final Logger LOG = Logger.getLogger(BaselineEvents.class);
    /** The Event's reason. */
    public static final String PULL_SECRET_MISSING = "PullSecretMissing";
    static final String EVENTS_NAMESPACE = "default";
    static final String SOURCE = "ephemeral-ns-webhook";

    private final KubernetesClient client;

    @Inject
    public BaselineEvents(KubernetesClient client) {
        this.client = client;
    }

    /** Records that the namespace's baseline waits for an image pull secret, with the reason as message. */
    public void pullSecretMissing(NamespaceView namespace, String reason, Instant now) {
        String time = Timestamps.format(now);
        String name = namespace.name() + ".pull-secret-missing." + Integer.toHexString(reason.hashCode());
        try {
            client.v1().events().inNamespace(EVENTS_NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(EVENTS_NAMESPACE).withName(name).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(namespace.name())
                    .withUid(namespace.uid()).endInvolvedObject()
                    .withType("Warning").withReason(PULL_SECRET_MISSING).withMessage(reason).withCount(1)
                    .withFirstTimestamp(time).withLastTimestamp(time)
                    .withNewSource().withComponent(SOURCE).endSource()
                    .withReportingComponent(SOURCE)
                    .build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.warnf("could not record event %s for namespace %s: %s", PULL_SECRET_MISSING, namespace.name(), e.getMessage());
            }
        }
    }
}
