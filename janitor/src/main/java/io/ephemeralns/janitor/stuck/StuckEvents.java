package io.ephemeralns.janitor.stuck;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Events about stuck namespaces, in namespace {@code default} like every Event about a cluster-scoped object. */
@ApplicationScoped
public class StuckEvents {

    private static final Logger LOG = Logger.getLogger(StuckEvents.class);

    private final KubernetesClient client;

    public StuckEvents(KubernetesClient client) {
        this.client = client;
    }

    void record(String namespace, String uid, String reason, String message, String type) {
        String now = Timestamps.format(Instant.now());
        try {
            client.v1().events().inNamespace("default").resource(new EventBuilder()
                    .withNewMetadata().withNamespace("default")
                    .withName(namespace + "." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(namespace).withUid(uid)
                    .endInvolvedObject()
                    .withReason(reason).withMessage(message).withType(type).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent("ephemeral-ns-janitor").endSource()
                    .withReportingComponent("ephemeral-ns-janitor")
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s for namespace %s: %s", reason, namespace, e.getMessage());
        }
    }
}
