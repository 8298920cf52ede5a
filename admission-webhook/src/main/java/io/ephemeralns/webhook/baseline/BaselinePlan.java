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
 */
public record BaselinePlan(String namespace, String profile, String requestedProfile, List<Map<String, Object>> objects) {

    public BaselinePlan {
        objects = List.copyOf(objects);
    }

    /** True when the namespace asked for a profile that does not exist and got the default one instead. */
    public boolean fellBack() {
        return !profile.equals(requestedProfile);
    }
}
