package io.ephemeralns.janitor.leftovers;

import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of one labelled cluster-scoped object, as listed.
 *
 * @param resource        the resource's display form ({@link ClusterResource#display()})
 * @param name            object name
 * @param uid             object UID (the deletion's precondition)
 * @param resourceVersion object resourceVersion (the deletion's precondition: a change since the listing refuses it)
 * @param created         creationTimestamp, set by the API server
 * @param deleting        whether a deletionTimestamp is set (already going)
 * @param labels          its labels
 */
public record LeftoverObject(String resource, String name, String uid, String resourceVersion,
        Optional<Instant> created, boolean deleting, Map<String, String> labels) {

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public LeftoverObject {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        created = created == null ? Optional.empty() : created;
    }

    /** The value of the owner label, or null when absent or empty (an empty value names no namespace). */
    public String owner() {
        String owner = labels.get(ProductKeys.OWNER_NAMESPACE);
        return owner == null || owner.isBlank() ? null : owner;
    }

    /** Whether the owner label's value can be a namespace's name at all (a DNS-1123 label): else it is never asked for. */
    public boolean ownerCanExist() {
        String owner = owner();
        return owner != null && owner.length() <= 63 && NAMESPACE_NAME.matcher(owner).matches();
    }

    /** {@code clusterroles.rbac.authorization.k8s.io/name}, for logs. */
    public String describe() {
        return resource + "/" + name;
    }
}
