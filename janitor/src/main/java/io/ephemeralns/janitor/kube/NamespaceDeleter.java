package io.ephemeralns.janitor.kube;

import io.ephemeralns.janitor.plan.Deletion;
import io.ephemeralns.janitor.plan.DeletionOutcome;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Deletes one expired CI namespace, safely (the caller has read it again and asked the planner whether it is
 * still the same, still expired CI namespace), spending requests only where there is something to delete:
 * <ol>
 * <li>asks whether any pod is left ({@code limit=1});</li>
 * <li>when one is, deletes its workloads, controllers first, then its pods ({@link WorkloadKinds#ORDER}), and waits
 *     (across sweeps, up to {@code pod-drain-timeout}) until its pods are gone, so that NetworkPolicies outlive the
 *     pods they guard (CVE-2024-7598);</li>
 * <li>deletes the namespace with a UID precondition, so that a namespace re-created under the same name in the
 *     meantime is never deleted (the API server answers 409 instead).</li>
 * </ol>
 * A namespace without pods, the usual case of an expired CI namespace, thus costs two requests here (the pods check
 * and the delete) instead of ten: its workloads, if any, are left to the namespace controller. That is safe because
 * no pod can start in it any more once the delete is accepted: the API server's delete of a namespace sets
 * {@code status.phase=Terminating} in the same write as its {@code deletionTimestamp} (k8s.io/kubernetes
 * pkg/registry/core/namespace/storage/storage.go, {@code Delete}), and the {@code NamespaceLifecycle} admission
 * plugin, on by default, refuses every create in a terminating namespace ("unable to create new content in namespace
 * ... because it is being terminated"; k8s.io/apiserver pkg/admission/plugin/namespace/lifecycle/admission.go); it
 * also looks the namespace up live, not in its cache, for 30 s after it admitted the namespace's delete
 * ({@code forceLiveLookupTTL}), so that a controller (a Deployment's ReplicaSet, a CronJob) left alive by this
 * path cannot create a pod after the delete. What remains is a pod created between the pods check and the delete,
 * a window of one round trip (milliseconds): the same window the previous order had between its last pods check
 * and the delete, which only a pipeline racing its own namespace's expiry can hit, and on an API server with
 * several instances the lag of another instance's namespace cache besides. Such a pod is deleted by the namespace
 * controller together with the rest, possibly after the NetworkPolicies.
 *
 * <p>A 404 at any step means the namespace is already gone. Other failures propagate to the caller, which logs
 * them with the namespace and carries on. Thread-safe: several namespaces are deleted at once
 * ({@link io.ephemeralns.janitor.act.DeletionRunner}); the drain state is a concurrent map. Two callers deleting the
 * same namespace at once do no harm: every request here is idempotent, and the later delete finds it gone (404)
 * or the UID changed (409).
 */
public class NamespaceDeleter {

    private static final Logger LOG = Logger.getLogger(NamespaceDeleter.class);

    private final KubernetesClient client;
    private final Duration drainTimeout;
    /** First time a namespace's pods were asked to go, by namespace UID; forgotten once it is deleted. */
    private final Map<String, Instant> drainingSince = new ConcurrentHashMap<>();

    /** @param drainTimeout how long pods may take to go before the namespace is deleted anyway */
    public NamespaceDeleter(KubernetesClient client, Duration drainTimeout) {
        this.client = client;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Deletes the namespace at once when it has no pod; else its workloads and pods first, then the namespace once
     * its pods are gone or the drain timed out.
     *
     * @return {@link DeletionOutcome#DELETED}, {@link DeletionOutcome#DRAINING}, {@link DeletionOutcome#GONE}
     *     or {@link DeletionOutcome#NO_LONGER_DUE} (the UID precondition failed)
     */
    public DeletionOutcome delete(Deletion deletion, Instant now) {
        String name = deletion.name();
        if (podsRemain(name)) {
            for (WorkloadKinds kind : WorkloadKinds.ORDER) {
                deleteCollection(name, kind);
            }
            if (podsRemain(name)) {
                Instant since = drainingSince.computeIfAbsent(deletion.uid(), uid -> now);
                if (Duration.between(since, now).compareTo(drainTimeout) < 0) {
                    return DeletionOutcome.DRAINING;
                }
                LOG.warnf("namespace %s: pods still present after %s; deleting the namespace anyway", name, drainTimeout);
            }
        }
        try {
            DeleteOptions options = new DeleteOptionsBuilder()
                    .withApiVersion("v1").withKind("DeleteOptions")
                    .withPropagationPolicy("Background")
                    .withNewPreconditions().withUid(deletion.uid()).endPreconditions()
                    .build();
            client.raw("/api/v1/namespaces/" + name, "DELETE", options);
            drainingSince.remove(deletion.uid());
            return DeletionOutcome.DELETED;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                drainingSince.remove(deletion.uid());
                return DeletionOutcome.GONE;
            }
            if (e.getCode() == 409) {
                drainingSince.remove(deletion.uid());
                return DeletionOutcome.NO_LONGER_DUE;
            }
            throw e;
        }
    }

    /** Forgets drain state of namespaces that are no longer planned (deleted by someone else, kept, ...). */
    public void retainOnly(Set<String> plannedUids) {
        drainingSince.keySet().retainAll(plannedUids);
    }

    private void deleteCollection(String namespace, WorkloadKinds kind) {
        try {
            client.raw(kind.path(namespace) + "?propagationPolicy=Background", "DELETE", null);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 405) {
                return; // nothing there, or a kind this server does not serve
            }
            throw e;
        }
    }

    private boolean podsRemain(String namespace) {
        PodList pods = client.pods().inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build());
        return pods.getItems() != null && !pods.getItems().isEmpty();
    }
}
