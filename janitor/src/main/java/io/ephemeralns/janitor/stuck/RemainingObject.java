package io.ephemeralns.janitor.stuck;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An object still present in a terminating namespace.
 *
 * @param group           API group, {@code ""} for core
 * @param version         API version
 * @param resource        plural resource name, e.g. {@code configmaps}
 * @param name            object name
 * @param finalizers      its finalizers
 * @param deleting        when its own deletion started, empty when it is not being deleted
 * @param resourceVersion its resourceVersion when listed (a patch is made on that version only), null when unknown
 */
public record RemainingObject(String group, String version, String resource, String name, List<String> finalizers,
        Optional<Instant> deleting, String resourceVersion) {

    public RemainingObject {
        finalizers = List.copyOf(finalizers);
    }

    /** An object whose resourceVersion is unknown. */
    public RemainingObject(String group, String version, String resource, String name, List<String> finalizers,
            Optional<Instant> deleting) {
        this(group, version, resource, name, finalizers, deleting, null);
    }

    /** {@code configmap/app-state} for core kinds, {@code widgets.example.com/w1} for others. */
    public String display() {
        if (group.isEmpty()) {
            String singular = resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
            return singular + "/" + name;
        }
        return resource + "." + group + "/" + name;
    }
}
