package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The thin shell that talks to the API server for the reconciler: makes each live object of a plan equal its
 * desired object, as {@link RepairAction#decide} says, by plain create, update (the desired body with the live
 * resourceVersion, so a concurrent change fails with 409 instead of being overwritten unseen), and delete plus
 * create where an update cannot (a RoleBinding's roleRef). Not server-side apply: apply keeps fields other managers
 * own, and the baseline must keep none. The live object comes from the {@link BaselineObjectCache} when it knows
 * it, else from a GET; a namespace whose objects all equal their profile costs no request at all.
 */
@ApplicationScoped
public class BaselineApplier {

    private static final Logger LOG = Logger.getLogger(BaselineApplier.class);

    private final KubernetesClient client;
    private final BaselineObjectCache cache;
    private final DefaultServiceAccounts serviceAccounts;
    private final Set<String> reportedNonCanonical = ConcurrentHashMap.newKeySet();

    @Inject
    public BaselineApplier(KubernetesClient client, BaselineObjectCache cache, DefaultServiceAccounts serviceAccounts) {
        this.client = client;
        this.cache = cache;
        this.serviceAccounts = serviceAccounts;
    }

    /**
     * Makes every object of the plan equal its profile, in order; the first failure stops and is thrown.
     *
     * @return how many objects needed which action
     */
    public Map<RepairAction, Integer> apply(BaselinePlan plan) {
        return apply(plan.namespace(), plan.objects());
    }

    /** Makes every object equal its desired one, in order (a plan's objects, or its image pull secrets' copies). */
    public Map<RepairAction, Integer> apply(String namespace, List<Map<String, Object>> objects) {
        Map<RepairAction, Integer> actions = new EnumMap<>(RepairAction.class);
        for (Map<String, Object> desired : objects) {
            actions.merge(repair(namespace, desired), 1, Integer::sum);
        }
        return actions;
    }

    /** Sets {@code ephemeral-ns.io/baseline=applied} on the namespace. */
    public void markApplied(String namespace) {
        annotate(namespace, "\"" + ProductKeys.BASELINE + "\":\"" + BaselineMark.APPLIED + "\"");
    }

    /**
     * Sets {@code ephemeral-ns.io/baseline=applied} and removes {@code ephemeral-ns.io/baseline-reason}, in one patch.
     */
    public void markAppliedAndClearReason(String namespace) {
        annotate(namespace, "\"" + ProductKeys.BASELINE + "\":\"" + BaselineMark.APPLIED + "\",\"" + ProductKeys.BASELINE_REASON
                + "\":null");
    }

    /** Sets {@code ephemeral-ns.io/baseline-reason}: why the baseline is not complete. */
    public void markReason(String namespace, String reason) {
        annotate(namespace, "\"" + ProductKeys.BASELINE_REASON + "\":" + client.getKubernetesSerialization().asJson(reason));
    }

    private void annotate(String namespace, String entries) {
        client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{" + entries + "}}}");
    }

    /**
     * Appends the copies the namespace's {@code default} ServiceAccount lacks to its imagePullSecrets
     * ({@link ServiceAccountPullSecrets}), read from {@link DefaultServiceAccounts}: an update carrying the
     * resourceVersion read, so a concurrent change (or a cache behind) fails with 409 (retried) instead of being
     * overwritten.
     *
     * @return true when the ServiceAccount was updated
     * @throws IllegalStateException when the ServiceAccount does not exist yet (its controller creates it): retried
     */
    public boolean attachPullSecrets(String namespace, List<String> copies) {
        if (copies.isEmpty()) {
            return false;
        }
        ServiceAccount account = serviceAccounts.get(namespace).orElse(null);
        if (account == null) {
            throw new IllegalStateException("ServiceAccount " + ServiceAccountPullSecrets.SERVICE_ACCOUNT + " of namespace "
                    + namespace + " does not exist yet: the image pull secrets are attached to it once it does");
        }
        List<LocalObjectReference> attached = account.getImagePullSecrets() == null ? List.of() : account.getImagePullSecrets();
        List<String> missing = ServiceAccountPullSecrets.missing(attached.stream().map(LocalObjectReference::getName).toList(),
                copies);
        if (missing.isEmpty()) {
            return false;
        }
        List<LocalObjectReference> merged = new java.util.ArrayList<>(attached);
        missing.forEach(name -> merged.add(new LocalObjectReference(name)));
        client.serviceAccounts().inNamespace(namespace)
                .resource(new ServiceAccountBuilder(account).withImagePullSecrets(merged).build()).update();
        LOG.infof("image pull secrets %s attached to ServiceAccount %s/%s", missing, namespace,
                ServiceAccountPullSecrets.SERVICE_ACCOUNT);
        return true;
    }

    private RepairAction repair(String namespace, Map<String, Object> desired) {
        String apiVersion = String.valueOf(desired.get("apiVersion"));
        String kind = String.valueOf(desired.get("kind"));
        String name = String.valueOf(((Map<?, ?>) desired.get("metadata")).get("name"));
        BaselineObjectCache.Lookup cached = cache.lookup(apiVersion, kind, namespace, name);
        Map<String, Object> live = cached.known() ? cached.object() : get(namespace, desired);
        RepairAction action = RepairAction.decide(desired, live);
        try {
            act(namespace, action, desired, live);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // AlreadyExists (an object without the baseline label, so not in the cache) or a stale resourceVersion:
            // decide again from the object as it is now, once; a second conflict is retried with backoff
            live = get(namespace, desired);
            action = RepairAction.decide(desired, live);
            act(namespace, action, desired, live);
        }
        if (action != RepairAction.NONE) {
            LOG.infof("baseline %s %s/%s: %s%s", kind, namespace, name, action.name().toLowerCase(java.util.Locale.ROOT),
                    live == null ? "" : " (differed in " + BaselineComparison.differences(desired, live) + ")");
        }
        return action;
    }

    private void act(String namespace, RepairAction action, Map<String, Object> desired, Map<String, Object> live) {
        switch (action) {
            case NONE -> {
            }
            case CREATE -> client.resource(typed(desired)).inNamespace(namespace).create();
            case UPDATE -> checkCanonical(namespace, desired,
                    client.resource(typed(withResourceVersion(desired, live))).inNamespace(namespace).update());
            case RECREATE -> {
                client.resource(typed(live)).inNamespace(namespace)
                        .lockResourceVersion(resourceVersion(live)).delete();
                client.resource(typed(desired)).inNamespace(namespace).create();
            }
            case RELEASE -> {
                Map<String, Object> released = copy(live);
                metadata(released).remove("finalizers");
                client.resource(typed(released)).inNamespace(namespace).update();
                if (get(namespace, desired) != null) {
                    throw new IllegalStateException("baseline object " + desired.get("kind") + " " + namespace + "/"
                            + metadata(desired).get("name") + " is still being deleted");
                }
                client.resource(typed(desired)).inNamespace(namespace).create();
            }
        }
    }

    /** Logs once per object name when the API server stores an updated object differently from the profile. */
    private void checkCanonical(String namespace, Map<String, Object> desired, HasMetadata stored) {
        List<String> differences = BaselineComparison.differences(desired, cache.asMap(stored));
        String key = desired.get("kind") + "/" + metadata(desired).get("name");
        if (!differences.isEmpty() && reportedNonCanonical.add(key)) {
            LOG.warnf("baseline %s in namespace %s still differs from its profile after an update, in %s: the API server"
                    + " defaults or normalises these fields, so the profile must spell them out as stored (see"
                    + " kubectl get -o yaml); until then every resync rewrites it", key, namespace, differences);
        }
    }

    private Map<String, Object> get(String namespace, Map<String, Object> desired) {
        HasMetadata found = client.resource(typed(desired)).inNamespace(namespace).get();
        return found == null ? null : cache.asMap(found);
    }

    private HasMetadata typed(Map<String, Object> object) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        return serialization.unmarshal(serialization.asJson(object));
    }

    private static Map<String, Object> withResourceVersion(Map<String, Object> desired, Map<String, Object> live) {
        Map<String, Object> body = copy(desired);
        metadata(body).put("resourceVersion", resourceVersion(live));
        return body;
    }

    private static String resourceVersion(Map<String, Object> live) {
        return String.valueOf(metadata(live).get("resourceVersion"));
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        copy.put("metadata", new LinkedHashMap<>(metadata(object)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }
}
