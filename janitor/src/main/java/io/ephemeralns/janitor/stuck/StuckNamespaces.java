package io.ephemeralns.janitor.stuck;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.JanitorMetrics;
import io.ephemeralns.janitor.JanitorSettings;
import io.ephemeralns.janitor.NamespaceEvents;
import io.ephemeralns.janitor.TokenBucket;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The shell around {@link StuckDiagnosis} and {@link RepairPlan}: gathers a stuck namespace's conditions, the
 * objects its conditions say remain (listed only for the kinds named there, so the janitor needs list rights
 * on those kinds only) and the unavailable APIServices; writes the diagnosis to the
 * {@code ephemeral-ns.io/stuck-reason} annotation, an Event and the log when it changes; then carries out the
 * plan of the configured mode, rate-limited like deletions, and not at all in dry-run. The APIServices are
 * cluster-wide, so a sweep lists them once ({@link #unavailableApiServices()}) for all its stuck namespaces.
 */
@ApplicationScoped
public class StuckNamespaces {

    private static final Logger LOG = Logger.getLogger(StuckNamespaces.class);

    private final KubernetesClient client;
    private final JanitorSettings settings;
    private final JanitorMetrics metrics;
    private final TokenBucket rate;
    private final NamespaceEvents events;

    public StuckNamespaces(KubernetesClient client, JanitorSettings settings, JanitorMetrics metrics, TokenBucket rate,
            NamespaceEvents events) {
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.rate = rate;
        this.events = events;
    }

    /** Diagnoses and, as the mode allows, repairs one stuck namespace. */
    public void handle(NamespaceStatus status, List<UnavailableApiService> apiServices, Instant now, boolean dryRun)
            throws InterruptedException {
        String name = status.namespace().name();
        Namespace namespace = client.namespaces().withName(name).get();
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() == null
                || !status.namespace().uid().equals(namespace.getMetadata().getUid())) {
            return;
        }
        List<NamespaceCondition> conditions = namespace.getStatus() == null || namespace.getStatus().getConditions() == null
                ? List.of()
                : namespace.getStatus().getConditions().stream()
                        .map(c -> new NamespaceCondition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
                        .toList();
        List<RemainingObject> objects = remainingObjects(name, conditions);
        String reason = StuckDiagnosis.diagnose(conditions, objects, apiServices);
        Instant since = status.namespace().deleting().orElse(now);
        String terminating = Ttl.format(Duration.between(since, now).plusSeconds(1));
        String current = namespace.getMetadata().getAnnotations() == null ? null
                : namespace.getMetadata().getAnnotations().get(ProductKeys.STUCK_REASON);
        if (!reason.equals(current)) {
            LOG.warnf("namespace %s stuck terminating for %s: %s", name, terminating, reason);
            if (dryRun) {
                LOG.infof("DRY-RUN: would annotate namespace %s with %s", name, ProductKeys.STUCK_REASON);
            } else {
                annotate(name, reason);
                events.record(name, namespace.getMetadata().getUid(), "Warning", "Stuck",
                        "terminating for " + terminating + ": " + reason, now);
            }
        }

        RepairPlan plan = RepairPlan.plan(settings.stuck().mode(), now, since, settings.policy().stuckAfter(),
                settings.stuck().forceAfter(), objects, settings.stuck().allow(), settings.stuck().deny());
        for (RepairPlan.FinalizerRemoval removal : plan.removals()) {
            String what = removal.object().display() + " in namespace " + name + ": finalizers " + removal.remove();
            if (dryRun) {
                LOG.infof("DRY-RUN: would remove %s", what);
                continue;
            }
            rate.acquire();
            removeFinalizers(name, removal);
            removal.remove().forEach(f -> metrics.finalizersRemoved().increment());
            LOG.infof("removed %s (it had been deleting for longer than %s)", what,
                    Ttl.format(settings.policy().stuckAfter()));
            events.record(name, namespace.getMetadata().getUid(), "Warning", "FinalizersRemoved", "removed " + what, now);
        }
        if (plan.forceFinalize()) {
            String leaked = objects.isEmpty() ? "nothing the namespace controller reported"
                    : objects.stream().map(RemainingObject::display).sorted().toList().toString();
            if (dryRun) {
                LOG.infof("DRY-RUN: would force-finalize namespace %s (may leak %s)", name, leaked);
                return;
            }
            rate.acquire();
            forceFinalize(namespace);
            boolean gone = client.namespaces().withName(name).get() == null;
            metrics.forceFinalized();
            String message = "force-finalized after " + terminating + " (" + reason + "); may have leaked: " + leaked
                    + (gone ? "; namespace is gone" : "; namespace still present");
            LOG.warnf("namespace %s %s", name, message);
            events.record(name, namespace.getMetadata().getUid(), "Warning", "ForceFinalized", message, now);
        }
    }

    private void annotate(String name, String reason) {
        client.namespaces().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json(
                Map.of("metadata", Map.of("annotations", Map.of(ProductKeys.STUCK_REASON, reason)))));
    }

    private void removeFinalizers(String namespace, RepairPlan.FinalizerRemoval removal) {
        RemainingObject object = removal.object();
        client.genericKubernetesResources(context(object.group(), object.version(), object.resource()))
                .inNamespace(namespace).withName(object.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("metadata", Map.of("finalizers", removal.keep()))));
    }

    private String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private void forceFinalize(Namespace namespace) {
        Namespace finalized = new NamespaceBuilder(namespace).editOrNewSpec().withFinalizers(List.of()).endSpec().build();
        client.raw("/api/v1/namespaces/" + namespace.getMetadata().getName() + "/finalize", "PUT", finalized);
    }

    /** The objects of the kinds the namespace controller says remain (message of NamespaceContentRemaining). */
    List<RemainingObject> remainingObjects(String namespace, List<NamespaceCondition> conditions) {
        List<RemainingObject> objects = new ArrayList<>();
        for (String[] groupResource : RemainingKinds.parse(conditions)) {
            String group = groupResource[0];
            String resource = groupResource[1];
            Optional<String> version = version(group);
            if (version.isEmpty()) {
                continue;
            }
            try {
                for (GenericKubernetesResource item : client.genericKubernetesResources(context(group, version.get(), resource))
                        .inNamespace(namespace).list().getItems()) {
                    objects.add(new RemainingObject(group, version.get(), resource, item.getMetadata().getName(),
                            item.getMetadata().getFinalizers() == null ? List.of() : item.getMetadata().getFinalizers(),
                            Timestamps.parse(item.getMetadata().getDeletionTimestamp())));
                }
            } catch (KubernetesClientException e) {
                LOG.infof("namespace %s: cannot list %s%s (HTTP %d); diagnosing from its conditions only", namespace, resource,
                        group.isEmpty() ? "" : "." + group, e.getCode());
            }
        }
        return objects;
    }

    private Optional<String> version(String group) {
        if (group.isEmpty()) {
            return Optional.of("v1");
        }
        try {
            var apiGroup = client.getApiGroup(group);
            return apiGroup == null || apiGroup.getPreferredVersion() == null ? Optional.empty()
                    : Optional.of(apiGroup.getPreferredVersion().getVersion());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The APIServices whose Available condition is not True; empty when they cannot be listed. */
    public List<UnavailableApiService> unavailableApiServices() {
        List<UnavailableApiService> down = new ArrayList<>();
        try {
            for (GenericKubernetesResource service : client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                    .list().getItems()) {
                Object status = service.getAdditionalProperties().get("status");
                List<?> conditions = status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> list ? list : List.of();
                for (Object condition : conditions) {
                    if (condition instanceof Map<?, ?> c && "Available".equals(c.get("type")) && !"True".equals(c.get("status"))) {
                        down.add(new UnavailableApiService(service.getMetadata().getName(), String.valueOf(c.get("message"))));
                    }
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list APIServices (HTTP %d)", e.getCode());
        }
        return down;
    }

    private static ResourceDefinitionContext context(String group, String version, String resource) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(resource)
                .withNamespaced(true).build();
    }
}
