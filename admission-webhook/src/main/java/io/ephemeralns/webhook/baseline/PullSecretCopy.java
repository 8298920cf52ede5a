package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The copy of one image pull secret in one CI namespace, decided from its source ({@link PullSecretRef}) as read:
 * either the desired Secret, compared and repaired by the applier exactly like every other baseline object, or the
 * reason there can be none yet (the source is missing or has a type the kubelet does not read pull credentials from).
 * Pure.
 *
 * <p>The copy holds the source's {@code type} and {@code data}, the baseline labels, and three annotations naming the
 * source and the version copied ({@value #SOURCE}, {@value #SOURCE_UID}, {@value #SOURCE_VERSION}): when the source
 * is rotated (a new resourceVersion) or replaced (a new uid), the desired copy differs from the live one and the
 * reconciler rewrites it. The source's other labels, annotations and {@code immutable} are not copied (an immutable
 * copy could not follow a rotation).
 */
public final class PullSecretCopy {

    /** Annotation on a copy: its source, {@code namespace/name}. */
    public static final String SOURCE = ProductKeys.PREFIX + "pull-secret-source";
    /** Annotation on a copy: the uid of the source copied. */
    public static final String SOURCE_UID = ProductKeys.PREFIX + "pull-secret-source-uid";
    /** Annotation on a copy: the resourceVersion of the source copied. */
    public static final String SOURCE_VERSION = ProductKeys.PREFIX + "pull-secret-source-resource-version";

    private PullSecretCopy() {
    }

    /**
     * What the namespace should hold for this source.
     *
     * @param source the source Secret as read, empty when it does not exist
     * @return the desired copy, or the problem (one line naming the source)
     */
    public static Decision decide(String namespace, PullSecretRef ref, Optional<Secret> source) {
        if (source.isEmpty()) {
            return Decision.missing("image pull secret " + ref + " not found (it is copied into every CI namespace of"
                    + " its profile as " + ref.copyName() + "); create it, or remove it from the profile");
        }
        String type = source.get().getType();
        if (!ImagePullSecrets.ACCEPTED_TYPES.contains(type)) {
            return Decision.missing("image pull secret " + ref + " has type " + type + ", not one of "
                    + new java.util.TreeSet<>(ImagePullSecrets.ACCEPTED_TYPES) + " (create it with kubectl create secret"
                    + " docker-registry)");
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(ProductKeys.BASELINE_OBJECT, "true");
        labels.put(ProductKeys.MANAGED_BY, ProductKeys.PRODUCT);
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(SOURCE, ref.toString());
        annotations.put(SOURCE_UID, source.get().getMetadata().getUid());
        annotations.put(SOURCE_VERSION, source.get().getMetadata().getResourceVersion());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", ref.copyName());
        metadata.put("namespace", namespace);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("apiVersion", "v1");
        copy.put("kind", "Secret");
        copy.put("metadata", metadata);
        copy.put("type", type);
        copy.put("data", new LinkedHashMap<>(source.get().getData() == null ? Map.of() : source.get().getData()));
        return new Decision(Optional.of(copy), Optional.empty());
    }

    /** The webhook may not read the source: its RBAC does not name it (a profiles file the chart did not render). */
    public static Decision forbidden(PullSecretRef ref) {
        return Decision.missing("the webhook may not read image pull secret " + ref + " (its RBAC names only the sources"
                + " of the chart value webhook.imagePullSecrets): list it there, with the same profile");
    }

    /**
     * One of: the desired copy, or why there is none.
     *
     * @param copy    the desired Secret, as the applier reads objects
     * @param problem one line naming the source and what is wrong with it
     */
    public record Decision(Optional<Map<String, Object>> copy, Optional<String> problem) {

        static Decision missing(String problem) {
            return new Decision(Optional.empty(), Optional.of(problem));
        }
    }
}
