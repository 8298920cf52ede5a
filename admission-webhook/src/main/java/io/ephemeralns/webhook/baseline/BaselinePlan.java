package io.ephemeralns.webhook.baseline;

import java.util.List;
import java.util.Map;

/**
 * What the reconciler keeps in one namespace: the manifests of its profile with the namespace filled in.
 *
 * @param namespace        the namespace
 * @param profile          the profile used
 * @param requestedProfile the profile the namespace asked for ({@code ephemeral-ns.io/profile}, default {@code default})
 * @param objects          the desired objects, as JSON-like maps, each compared with its live object and created or replaced
 * @param pullSecrets      the image pull secrets copied into the namespace and attached to its {@code default}
 *                         ServiceAccount ({@link PullSecretCopy}); their copies are planned once the sources are read
 */
public record BaselinePlan(String namespace, String profile, String requestedProfile, List<Map<String, Object>> objects,
        List<PullSecretRef> pullSecrets) {

    public BaselinePlan {
        objects = List.copyOf(objects);
        pullSecrets = List.copyOf(pullSecrets);
    }

    /** A plan without image pull secrets. */
    public BaselinePlan(String namespace, String profile, String requestedProfile, List<Map<String, Object>> objects) {
        this(namespace, profile, requestedProfile, objects, List.of());
    }

    /** True when the namespace asked for a profile that does not exist and got the default one instead. */
    public boolean fellBack() {
        return !profile.equals(requestedProfile);
    }
}
