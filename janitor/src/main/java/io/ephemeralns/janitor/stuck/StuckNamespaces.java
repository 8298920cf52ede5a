package io.ephemeralns.janitor.stuck;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.ActionGate;
import io.ephemeralns.janitor.JanitorMetrics;
import io.ephemeralns.janitor.JanitorSettings;
import io.ephemeralns.janitor.NamespaceEvents;
import io.ephemeralns.janitor.SweepPlanner;
import io.ephemeralns.janitor.TokenBucket;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The shell around {@link StuckDiagnosis} and {@link RepairPlan}: reads a stuck namespace again (still the same,
 * still admitted, still terminating?), finds the kinds its conditions name through discovery ({@link ApiDiscovery}),
 * lists their objects in that namespace page by page, metadata only ({@link MetadataPages}), with the janitor's
 * in-namespace rights ({@link JanitorAccess}); writes the diagnosis to the {@code ephemeral-ns.io/stuck-reason}
 * annotation, an Event and the log when it changes; then carries out the plan of the configured mode within the
 * sweep's {@link RepairBudget}, rate-limited like deletions, each patch made on the listed resourceVersion only,
 * each action asked of the {@link ActionGate} first (leadership, clock), and nothing at all in dry-run. One Event
 * per namespace and sweep tells what was removed. The APIServices are cluster-wide, so a sweep lists them once
 * ({@link #unavailableApiServices()}) for all its stuck namespaces.
 *
 * <p>{@link #release} removes the janitor's own access finalizer once nothing else remains in a terminating CI
 * namespace, stuck or not, so that ordinary deletions wait at most one sweep for it.
 */
@ApplicationScoped
public class StuckNamespaces {

    private static final Logger LOG = Logger.getLogger(StuckNamespaces.class);

    private final KubernetesClient client;
    private final JanitorSettings settings;
    private final JanitorMetrics metrics;
    private final TokenBucket rate;
    private final NamespaceEvents events;
    private final ActionGate gate;
    private final ApiDiscovery discovery;
    private final MetadataPages pages;
    private final SweepPlanner planner;

    public StuckNamespaces(KubernetesClient client, JanitorSettings settings, JanitorMetrics metrics, TokenBucket rate,
            NamespaceEvents events, ActionGate gate, ApiDiscovery discovery, MetadataPages pages) {
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.rate = rate;
        this.events = events;
        this.gate = gate;
        this.discovery = discovery;
        this.pages = pages;
        this.planner = new SweepPlanner(settings.shared(), settings.policy());
    }

    /**
     * Diagnoses and, as the mode, the budget and the gate allow, repairs one stuck namespace.
     *
     * @return objects still carrying finalizers after this (the backlog of this namespace)
     * @throws io.ephemeralns.janitor.LeadershipLost when this replica stopped leading
     */
    public int handle(NamespaceStatus status, List<UnavailableApiService> apiServices, Instant now, boolean dryRun,
            RepairBudget budget) throws InterruptedException {
        String name = status.namespace().name();
        Namespace namespace = client.namespaces().withName(name).get();
        if (namespace == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(namespace), now)) {
            LOG.infof("namespace %s: gone, re-created, or no longer an admitted terminating CI namespace when read"
                    + " again; left alone", name);
            return 0;
        }
        List<NamespaceCondition> conditions = NamespaceCondition.of(namespace);
        Instant since = status.namespace().deleting().orElse(now);
        StuckDiagnosis.Collector collector = new StuckDiagnosis.Collector();
        List<RepairPlan.FinalizerRemoval> removals = new ArrayList<>();
        int[] eligible = {0};
        for (String[] groupResource : RemainingKinds.parse(conditions)) {
            Optional<ApiResource> kind = discovery.find(groupResource[0], groupResource[1]);
            if (kind.isEmpty()) {
                continue;
            }
            try {
                pages.list(kind.get(), name, object -> {
                    collector.add(object);
                    RepairPlan.removal(settings.stuck().mode(), now, since, settings.policy().stuckAfter(), object,
                            settings.stuck().allow(), settings.stuck().deny()).ifPresent(removal -> {
                                eligible[0]++;
                                if (removals.size() < budget.left()) {
                                    removals.add(removal);
                                }
                            });
                });
            } catch (KubernetesClientException e) {
                LOG.infof("namespace %s: cannot list %s (HTTP %d); diagnosing from its conditions only (the janitor"
                        + " lists and repairs through RoleBinding %s in the namespace)", name,
                        groupResource[1] + (groupResource[0].isEmpty() ? "" : "." + groupResource[0]), e.getCode(),
                        JanitorAccess.ROLE_BINDING);
            }
        }
        String reason = collector.diagnose(conditions, apiServices);
        String terminating = Ttl.format(Duration.between(since, now).plusSeconds(1));
        String current = namespace.getMetadata().getAnnotations() == null ? null
                : namespace.getMetadata().getAnnotations().get(ProductKeys.STUCK_REASON);
        String uid = namespace.getMetadata().getUid();
        if (!reason.equals(current)) {
            LOG.warnf("namespace %s stuck terminating for %s: %s", name, terminating, reason);
            if (dryRun) {
                LOG.infof("DRY-RUN: would annotate namespace %s with %s", name, ProductKeys.STUCK_REASON);
            } else {
                annotate(name, reason);
                events.record(name, uid, "Warning", "Stuck", "terminating for " + terminating + ": " + reason, now);
            }
        }

        List<String> removed = new ArrayList<>();
        int finalizersRemoved = 0;
        int refused = 0;
        for (RepairPlan.FinalizerRemoval removal : removals) {
            String what = removal.object().display() + " in namespace " + name + ": finalizers " + removal.remove();
            if (dryRun) {
                LOG.infof("DRY-RUN: would remove %s", what);
                continue;
            }
            if (!gate.permits(true)) {
                refused++;
                continue;
            }
            if (!budget.take()) {
                break;
            }
            rate.acquire();
            if (removeFinalizers(name, removal)) {
                removal.remove().forEach(f -> metrics.finalizersRemoved().increment());
                finalizersRemoved += removal.remove().size();
                removed.add(removal.object().display());
                LOG.infof("removed %s (it had been deleting for longer than %s)", what,
                        Ttl.format(settings.policy().stuckAfter()));
            }
        }
        if (refused > 0) {
            LOG.infof("namespace %s: %d finalizer removals refused: the clock skew is not known to be within"
                    + " janitor.max-clock-skew", name, refused);
        }
        if (!removed.isEmpty()) {
            events.record(name, uid, "Warning", "FinalizersRemoved", "removed " + finalizersRemoved + " finalizers from "
                    + summary(removed) + " (deleting for longer than " + Ttl.format(settings.policy().stuckAfter()) + ")",
                    now);
        }
        int pending = Math.max(0, collector.withFinalizers() - removed.size());
        if (eligible[0] > removals.size()) {
            LOG.infof("namespace %s: %d more objects wait for a later sweep (janitor.stuck.max-repairs-per-sweep=%d)",
                    name, eligible[0] - removals.size(), settings.stuck().maxRepairs());
        }

        if (RepairPlan.forceFinalize(settings.stuck().mode(), now, since, settings.policy().stuckAfter(),
                settings.stuck().forceAfter())) {
            forceFinalize(status, reason, collector.objectsSummary(), terminating, now, dryRun);
        }
        return pending;
    }

    private void forceFinalize(NamespaceStatus status, String reason, String leaked, String terminating, Instant now,
            boolean dryRun) throws InterruptedException {
        String name = status.namespace().name();
        if (dryRun) {
            LOG.infof("DRY-RUN: would force-finalize namespace %s (may leak %s)", name, leaked);
            return;
        }
        if (!gate.permits(true)) {
            LOG.infof("namespace %s: not force-finalizing: the clock skew is not known to be within janitor.max-clock-skew",
                    name);
            return;
        }
        rate.acquire();
        // read again right before /finalize: the PUT carries this resourceVersion, and the namespace must still be
        // the same admitted CI namespace, still terminating
        Namespace fresh = client.namespaces().withName(name).get();
        if (fresh == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(fresh), now)) {
            LOG.infof("namespace %s: gone or changed just before /finalize; left alone", name);
            return;
        }
        Namespace finalized = new NamespaceBuilder(fresh).editOrNewSpec().withFinalizers(List.of()).endSpec().build();
        client.raw("/api/v1/namespaces/" + name + "/finalize", "PUT", finalized);
        boolean gone = client.namespaces().withName(name).get() == null;
        metrics.forceFinalized();
        String message = "force-finalized after " + terminating + " (" + reason + "); may have leaked: " + leaked
                + (gone ? "; namespace is gone" : "; namespace still present");
        LOG.warnf("namespace %s %s", name, message);
        events.record(name, fresh.getMetadata().getUid(), "Warning", "ForceFinalized", message, now);
    }

    /**
     * Releases the janitor's access to a terminating CI namespace when nothing else remains in it: removes
     * {@link JanitorAccess#FINALIZER} from RoleBinding {@link JanitorAccess#ROLE_BINDING}, after reading the namespace
     * again (same UID, admitted, terminating, and its conditions still say only that binding remains).
     *
     * @return true when the finalizer was removed
     * @throws io.ephemeralns.janitor.LeadershipLost when this replica stopped leading
     */
    public boolean release(NamespaceStatus status, Instant now, boolean dryRun) throws InterruptedException {
        String name = status.namespace().name();
        if (dryRun) {
            LOG.infof("DRY-RUN: would release the janitor's access to terminating namespace %s (nothing else remains)", name);
            return false;
        }
        if (!gate.permits(false)) {
            return false;
        }
        Namespace namespace = client.namespaces().withName(name).get();
        if (namespace == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(namespace), now)
                || !JanitorAccess.onlyOursRemains(NamespaceCondition.of(namespace))) {
            return false;
        }
        RoleBinding binding = client.rbac().roleBindings().inNamespace(name).withName(JanitorAccess.ROLE_BINDING).get();
        if (binding == null || binding.getMetadata().getDeletionTimestamp() == null
                || binding.getMetadata().getFinalizers() == null
                || !binding.getMetadata().getFinalizers().contains(JanitorAccess.FINALIZER)) {
            return false;
        }
        List<String> keep = binding.getMetadata().getFinalizers().stream()
                .filter(finalizer -> !JanitorAccess.FINALIZER.equals(finalizer)).toList();
        rate.acquire();
        try {
            client.rbac().roleBindings().inNamespace(name).withName(JanitorAccess.ROLE_BINDING)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json(finalizersPatch(keep,
                            binding.getMetadata().getResourceVersion())));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false; // gone, or changed since read: the next sweep looks again
            }
            throw e;
        }
        LOG.infof("namespace %s: nothing else remains; released the janitor's access (finalizer %s of RoleBinding %s)",
                name, JanitorAccess.FINALIZER, JanitorAccess.ROLE_BINDING);
        return true;
    }

    private void annotate(String name, String reason) {
        client.namespaces().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json(
                Map.of("metadata", Map.of("annotations", Map.of(ProductKeys.STUCK_REASON, reason)))));
    }

    /** Removes the finalizers on the listed resourceVersion only; false when the object is gone or has changed. */
    private boolean removeFinalizers(String namespace, RepairPlan.FinalizerRemoval removal) {
        RemainingObject object = removal.object();
        try {
            client.genericKubernetesResources(context(object.group(), object.version(), object.resource()))
                    .inNamespace(namespace).withName(object.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json(finalizersPatch(removal.keep(), object.resourceVersion())));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                LOG.infof("%s in namespace %s: gone or changed since listed (HTTP %d); the next sweep looks again",
                        object.display(), namespace, e.getCode());
                return false;
            }
            throw e;
        }
    }

    /** The merge patch setting the finalizers that stay, made on the given resourceVersion only (409 otherwise). */
    static Map<String, Object> finalizersPatch(List<String> keep, String resourceVersion) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finalizers", keep);
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        return Map.of("metadata", metadata);
    }

    private String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private static String summary(List<String> names) {
        List<String> sorted = names.stream().sorted().toList();
        String shown = String.join(", ", sorted.subList(0, Math.min(5, sorted.size())));
        return names.size() + (names.size() == 1 ? " object: " : " objects: ") + shown
                + (sorted.size() > 5 ? " and " + (sorted.size() - 5) + " more" : "");
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
