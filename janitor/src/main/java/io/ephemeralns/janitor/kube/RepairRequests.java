package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.stuck.JanitorAccess;
import io.ephemeralns.janitor.stuck.RemainingObject;
import io.ephemeralns.janitor.stuck.RepairPlan;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API requests of stuck repair, each one request and no decision: the stuck-reason annotation, a finalizer
 * patch made on the listed resourceVersion only ({@link RepairPlan#finalizersPatch}), {@code /finalize}, and the
 * release of the janitor's own access finalizer ({@link JanitorAccess}). A 404 or 409 on a patch means the object is
 * gone or changed since it was read: the next sweep looks again.
 */
@ApplicationScoped
public class RepairRequests {

    private static final Logger LOG = Logger.getLogger(RepairRequests.class);

    private final KubernetesClient client;
    private final NamespaceAnnotation stuckReason;

    public RepairRequests(KubernetesClient client) {
        this.client = client;
        this.stuckReason = new NamespaceAnnotation(client, ProductKeys.STUCK_REASON);
    }

    /**
     * Writes the diagnosis to the {@code ephemeral-ns.io/stuck-reason} annotation of the namespace of that name and UID
     * only (a namespace re-created under the name since is never marked); a refusal is logged, never thrown.
     */
    public void annotateStuckReason(String namespace, String uid, String reason) {
        stuckReason.write(namespace, uid, reason);
    }

    /** Removes the finalizers on the listed resourceVersion only; false when the object is gone or has changed. */
    public boolean removeFinalizers(String namespace, RepairPlan.FinalizerRemoval removal) {
        RemainingObject object = removal.object();
        try {
            client.genericKubernetesResources(context(object.group(), object.version(), object.resource()))
                    .inNamespace(namespace).withName(object.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            json(RepairPlan.finalizersPatch(removal.keep(), object.resourceVersion())));
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

    /**
     * Clears a namespace's own finalizers through {@code /finalize}; the PUT carries the resourceVersion of
     * {@code fresh}, which the caller has just read.
     *
     * @return true when the namespace is gone afterwards
     */
    public boolean forceFinalize(Namespace fresh) {
        String name = fresh.getMetadata().getName();
        Namespace finalized = new NamespaceBuilder(fresh).editOrNewSpec().withFinalizers(List.of()).endSpec().build();
        client.raw("/api/v1/namespaces/" + name + "/finalize", "PUT", finalized);
        return client.namespaces().withName(name).get() == null;
    }

    /**
     * The janitor's access RoleBinding in a namespace when it is being deleted and still held by our finalizer; empty
     * when it is not, and when the read is refused (403: the binding that grants it is gone).
     */
    public Optional<RoleBinding> heldAccessBinding(String namespace) {
        RoleBinding binding;
        try {
            binding = client.rbac().roleBindings().inNamespace(namespace).withName(JanitorAccess.ROLE_BINDING).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // this binding is what grants the read: refused means it is gone (released by an earlier sweep while
                // the namespace's conditions still named it) or was never made, so there is nothing to release
                return Optional.empty();
            }
            throw e;
        }
        if (binding == null || binding.getMetadata().getDeletionTimestamp() == null
                || binding.getMetadata().getFinalizers() == null
                || !binding.getMetadata().getFinalizers().contains(JanitorAccess.FINALIZER)) {
            return Optional.empty();
        }
        return Optional.of(binding);
    }

    /** Removes our finalizer from the binding, on the version read; false when it is gone or has changed since. */
    public boolean releaseAccess(String namespace, RoleBinding binding) {
        List<String> keep = binding.getMetadata().getFinalizers().stream()
                .filter(finalizer -> !JanitorAccess.FINALIZER.equals(finalizer)).toList();
        try {
            client.rbac().roleBindings().inNamespace(namespace).withName(JanitorAccess.ROLE_BINDING)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json(RepairPlan.finalizersPatch(keep,
                            binding.getMetadata().getResourceVersion())));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false; // gone, or changed since read: the next sweep looks again
            }
            throw e;
        }
    }

    private String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private static ResourceDefinitionContext context(String group, String version, String resource) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(resource)
                .withNamespaced(true).build();
    }
}
