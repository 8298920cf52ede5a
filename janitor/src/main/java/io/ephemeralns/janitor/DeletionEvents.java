package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records a Kubernetes Event for every namespace the janitor deletes. A Namespace is cluster-scoped, and the
 * API server accepts Events about cluster-scoped objects only in the {@code default} namespace (as client-go's
 * recorder writes them); the deleted namespace itself would take its Events with it anyway.
 * {@code kubectl get events -n default --field-selector involvedObject.name=<ns>} finds them.
 * A failure to record is logged and never fails the deletion.
 */
@ApplicationScoped
public class DeletionEvents {

    private static final Logger LOG = Logger.getLogger(DeletionEvents.class);
    static final String COMPONENT = "ephemeral-ns-janitor";

    /** Where Events about cluster-scoped objects must go. */
    static final String NAMESPACE = "default";

    private final KubernetesClient client;

    public DeletionEvents(KubernetesClient client) {
        this.client = client;
    }

    /** The human-readable account of a deletion, shared by the Event and the log line. */
    public static String describe(Deletion deletion, Instant now) {
        NamespaceStatus status = deletion.status();
        String ttl = status.expiry().ttl().map(Ttl::format).orElse("none");
        String age = status.age().filter(a -> a.getSeconds() > 0).map(Ttl::format).orElse("unknown");
        String expiredAt = status.expiry().expiresAt().map(Timestamps::format).orElse("unknown");
        return "namespace " + deletion.name() + " expired (reason " + deletion.reason() + ", ttl " + ttl
                + ", expired at " + expiredAt + ", age " + age
                + ", branch " + orNone(status.namespace().label("branch"))
                + ", commit " + orNone(status.namespace().label("commit")) + ")";
    }

    /** Records the deletion. */
    public void deleted(Deletion deletion, Instant now) {
        record(deletion, "Deleted", "deleted " + describe(deletion, now), now);
    }

    private void record(Deletion deletion, String reason, String message, Instant now) {
        String time = Timestamps.format(now);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(deletion.name() + "." + UUID.randomUUID().toString().substring(0, 8))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1").withKind("Namespace").withName(deletion.name()).withUid(deletion.uid())
                .endInvolvedObject()
                .withReason(reason)
                .withMessage(message)
                .withType("Normal")
                .withCount(1)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(NAMESPACE).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event for namespace %s in %s: %s", deletion.name(), NAMESPACE, e.getMessage());
        }
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    static String age(Duration age) {
        return age.getSeconds() > 0 ? Ttl.format(age) : "0s";
    }
}
