package io.ephemeralns.janitor.sweep;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.MetadataPages;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.stuck.ApiResource;
import io.ephemeralns.janitor.stuck.GroupResource;
import io.ephemeralns.janitor.stuck.JanitorAccess;
import io.ephemeralns.janitor.stuck.NamespaceCondition;
import io.ephemeralns.janitor.stuck.RemainingKinds;
import io.ephemeralns.janitor.stuck.RemainingObjects;
import io.ephemeralns.janitor.stuck.RepairBudget;
import io.ephemeralns.janitor.stuck.RepairPolicy;
import io.ephemeralns.janitor.stuck.UnavailableApiService;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The stuck namespaces of one sweep, each gathered, diagnosed and repaired. A stuck namespace is read again (still
 * the same, still admitted, still terminating?); the kinds its conditions name are found through discovery
 * ({@link ApiDiscovery}) and their objects listed page by page, metadata only ({@link MetadataPages}), with the
 * janitor's in-namespace rights ({@link JanitorAccess}), into a {@link io.ephemeralns.janitor.stuck.StuckDiagnosis}
 * and the finalizer removals of the {@link RepairPolicy} ({@link RemainingObjects}). The diagnosis is recorded when it
 * changed; the removals and, in force mode, {@code /finalize} are handed to the {@link Actions}, within the sweep's
 * {@link RepairBudget}. The APIServices are cluster-wide, so a sweep lists them once for all its stuck namespaces.
 */
public class StuckNamespaces {

    private static final Logger LOG = Logger.getLogger(StuckNamespaces.class);

    private final NamespaceLister namespaces;
    private final ApiDiscovery discovery;
    private final MetadataPages pages;
    private final SweepPlanner planner;
    private final Actions actions;
    private final JanitorMetrics metrics;
    private final Clock clock;
    private final RepairPolicy policy;

    public StuckNamespaces(NamespaceLister namespaces, ApiDiscovery discovery, MetadataPages pages, SweepPlanner planner,
            Actions actions, JanitorMetrics metrics, Clock clock, RepairPolicy policy) {
        this.namespaces = namespaces;
        this.discovery = discovery;
        this.pages = pages;
        this.planner = planner;
        this.actions = actions;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * Handles the stuck namespaces of a sweep within one {@link RepairBudget}, and publishes the objects left pending.
     *
     * @return the namespaces whose repair failed (each logged, counted, and the next one handled)
     * @throws LeadershipLost when this replica stopped leading
     */
    public int repair(List<NamespaceStatus> stuck) throws InterruptedException {
        int errors = 0;
        long pending = 0;
        RepairBudget budget = new RepairBudget(policy.maxRepairs());
        List<UnavailableApiService> apiServices = stuck.isEmpty() ? List.of() : discovery.unavailableApiServices();
        for (NamespaceStatus status : stuck) {
            try {
                pending += handle(status, apiServices, clock.instant(), budget);
            } catch (LeadershipLost e) {
                metrics.stuckObjectsPending(pending);
                throw e;
            } catch (RuntimeException e) {
                LOG.errorf("namespace %s: stuck-namespace repair failed: %s", status.namespace().name(), Failures.reason(e));
                metrics.error();
                errors++;
            }
        }
        metrics.stuckObjectsPending(pending);
        return errors;
    }

    /**
     * Diagnoses and, as the mode, the budget and the gate allow, repairs one stuck namespace.
     *
     * @return objects still carrying finalizers after this (the backlog of this namespace)
     * @throws LeadershipLost when this replica stopped leading
     */
    int handle(NamespaceStatus status, List<UnavailableApiService> apiServices, Instant now, RepairBudget budget)
            throws InterruptedException {
        String name = status.namespace().name();
        Namespace namespace = namespaces.read(name);
        if (namespace == null || !planner.stillTerminating(status.namespace().uid(), NamespaceView.of(namespace), now)) {
            LOG.infof("namespace %s: gone, re-created, or no longer an admitted terminating CI namespace when read"
                    + " again; left alone", name);
            return 0;
        }
        List<NamespaceCondition> conditions = NamespaceCondition.of(namespace);
        Instant since = status.namespace().deleting().orElse(now);
        RemainingObjects remaining = gather(name, conditions, since, now, budget.left());
        String reason = remaining.diagnosis().diagnose(conditions, apiServices);
        String terminating = Ttl.format(Duration.between(since, now).plusSeconds(1));
        String uid = namespace.getMetadata().getUid();
        if (!reason.equals(stuckReason(namespace))) {
            LOG.warnf("namespace %s stuck terminating for %s: %s", name, terminating, reason);
            actions.recordStuck(name, uid, reason, terminating, now);
        }
        int repaired = actions.removeFinalizers(name, uid, remaining.removals(), budget, now);
        if (remaining.deferred() > 0) {
            LOG.infof("namespace %s: %d more objects wait for a later sweep (janitor.stuck.max-repairs-per-sweep=%d)",
                    name, remaining.deferred(), policy.maxRepairs());
        }
        if (policy.forceFinalize(now, since)) {
            actions.forceFinalize(status, reason, remaining.diagnosis().objectsSummary(), terminating, now);
        }
        return Math.max(0, remaining.diagnosis().withFinalizers() - repaired);
    }

    /** Lists the kinds the conditions name, page by page; a kind that cannot be listed is diagnosed from them only. */
    private RemainingObjects gather(String name, List<NamespaceCondition> conditions, Instant since, Instant now,
            int budgetLeft) throws InterruptedException {
        RemainingObjects remaining = new RemainingObjects(policy, since, now, budgetLeft);
        for (GroupResource kind : RemainingKinds.parse(conditions)) {
            Optional<ApiResource> resource = discovery.find(kind.group(), kind.resource());
            if (resource.isEmpty()) {
                continue;
            }
            try {
                pages.list(resource.get(), name, remaining::add);
            } catch (KubernetesClientException e) {
                LOG.infof("namespace %s: cannot list %s (HTTP %d); diagnosing from its conditions only (the janitor"
                        + " lists and repairs through RoleBinding %s in the namespace)", name, kind.display(),
                        e.getCode(), JanitorAccess.ROLE_BINDING);
            }
        }
        return remaining;
    }

    private static String stuckReason(Namespace namespace) {
        return namespace.getMetadata().getAnnotations() == null ? null
                : namespace.getMetadata().getAnnotations().get(ProductKeys.STUCK_REASON);
    }
}
