package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.capacity.Requested;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the decisions need to know of a PersistentVolume, detached from the API object so that tests state it in one
 * line. Strings are null when absent; maps are never null.
 *
 * @param name            the volume's name
 * @param uid             its UID
 * @param resourceVersion its resourceVersion as read
 * @param phase           {@code status.phase}: Pending, Available, Bound, Released or Failed
 * @param reclaimPolicy   {@code spec.persistentVolumeReclaimPolicy}: Retain, Delete (or the deprecated Recycle)
 * @param storageClass    {@code spec.storageClassName}, null when none
 * @param capacityBytes   {@code spec.capacity.storage} in bytes, 0 when absent or malformed
 * @param claimNamespace  {@code spec.claimRef.namespace}
 * @param claimName       {@code spec.claimRef.name}
 * @param claimUid        {@code spec.claimRef.uid}
 * @param lastPhaseChange {@code status.lastPhaseTransitionTime} (GA in Kubernetes 1.31), empty when absent
 * @param deleting        whether its deletion has started ({@code deletionTimestamp} set)
 * @param labels          its labels
 * @param annotations     its annotations
 */
public record VolumeView(String name, String uid, String resourceVersion, String phase, String reclaimPolicy,
        String storageClass, long capacityBytes, String claimNamespace, String claimName, String claimUid,
        Optional<Instant> lastPhaseChange, boolean deleting, Map<String, String> labels, Map<String, String> annotations) {

    /** Annotation the PV controller and external provisioners put on a volume they provisioned for a claim. */
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** Annotation the PV controller puts on a volume whose claimRef it wrote itself (the volume was Available). */
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";

    public VolumeView {
        labels = present(labels);
        annotations = present(annotations);
        lastPhaseChange = lastPhaseChange == null ? Optional.empty() : lastPhaseChange;
    }

    /** A copy without null keys or values (an empty map for null). */
    private static Map<String, String> present(Map<String, String> map) {
        return map == null ? Map.of() : map.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getValue() != null)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Reads the fields of a fabric8 {@link PersistentVolume}. */
    public static VolumeView of(PersistentVolume volume) {
        ObjectMeta meta = volume.getMetadata() == null ? new ObjectMeta() : volume.getMetadata();
        var spec = volume.getSpec();
        ObjectReference claim = spec == null ? null : spec.getClaimRef();
        var status = volume.getStatus();
        return new VolumeView(meta.getName(), meta.getUid(), meta.getResourceVersion(),
                status == null ? null : status.getPhase(),
                spec == null ? null : spec.getPersistentVolumeReclaimPolicy(),
                spec == null || spec.getStorageClassName() == null || spec.getStorageClassName().isEmpty() ? null
                        : spec.getStorageClassName(),
                spec == null || spec.getCapacity() == null ? 0 : Requested.bytes(spec.getCapacity().get("storage")),
                claim == null ? null : claim.getNamespace(), claim == null ? null : claim.getName(),
                claim == null ? null : claim.getUid(),
                status == null ? Optional.empty() : Timestamps.parse(status.getLastPhaseTransitionTime()),
                meta.getDeletionTimestamp() != null, meta.getLabels(), meta.getAnnotations());
    }

    /** {@code Released} or {@code Failed}: its claim is gone, and the cluster will not bind it again by itself. */
    public boolean released() {
        return "Released".equals(phase) || "Failed".equals(phase);
    }

    /** The namespace its owner label names, or null. */
    public String ownerLabel() {
        return labels.get(ProductKeys.OWNER_NAMESPACE);
    }

    /** The namespace UID its owner annotation records, or null. */
    public String ownerUid() {
        return annotations.get(ProductKeys.OWNER_NAMESPACE_UID);
    }

    /**
     * Whether its claimRef was chosen for the claim rather than by the claim: provisioned for it (a provisioner
     * created the volume for that claim), or pre-bound (someone who may write PersistentVolumes wrote the claimRef,
     * and the PV controller did not). Not so for a volume that was {@code Available} and that a claim asked for by
     * {@code spec.volumeName}: a pipeline could take any such volume that way, so it never becomes the pipeline's.
     */
    public boolean claimedByDesign() {
        return annotations.containsKey(PROVISIONED_BY) || !"yes".equals(annotations.get(BOUND_BY_CONTROLLER));
    }

    /** {@code namespace/name} of its claim, or null. */
    public String claim() {
        return claimNamespace == null ? null : claimNamespace + "/" + claimName;
    }
}
