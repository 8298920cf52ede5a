package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Test volumes stated in one line: {@code volume(v -> v.phase = "Released")} is the default volume (pv-1, Bound, Retain,
 * class fast, 1 GiB, claim ci-1/data, released at {@link #RELEASED}, no owner) with what the lambda changes.
 */
final class Volumes {

    static final Instant RELEASED = Instant.parse("2026-11-30T10:00:00Z");

    String name = "pv-1";
    String uid = "pv-uid-1";
    String phase = "Bound";
    String policy = "Retain";
    String storageClass = "fast";
    long bytes = 1L << 30;
    String claimNamespace = "ci-1";
    String claimUid = "claim-uid";
    Instant releasedAt = RELEASED;
    boolean deleting;
    final Map<String, String> labels = new HashMap<>();
    final Map<String, String> annotations = new HashMap<>();

    /** The default volume with the changes applied. */
    static VolumeView volume(Consumer<Volumes> changes) {
        Volumes volume = new Volumes();
        changes.accept(volume);
        return new VolumeView(volume.name, volume.uid, "7", volume.phase, volume.policy, volume.storageClass,
                volume.bytes, volume.claimNamespace, "data", volume.claimUid, Optional.ofNullable(volume.releasedAt),
                volume.deleting, volume.labels, volume.annotations);
    }

    /** The default volume. */
    static VolumeView volume() {
        return volume(unchanged -> { });
    }

    /** Another name, and a UID derived from it. */
    void name(String value) {
        name = value;
        uid = value + "-uid";
    }

    /** Released, with its claim in that namespace. */
    void releasedFrom(String namespace) {
        phase = "Released";
        claimNamespace = namespace;
    }

    /** The owner label, and the UID annotation unless null. */
    void owner(String namespace, String namespaceUid) {
        labels.put(ProductKeys.OWNER_NAMESPACE, namespace);
        if (namespaceUid != null) {
            annotations.put(ProductKeys.OWNER_NAMESPACE_UID, namespaceUid);
        }
    }

    /** A CI leak: released from ci-gone, labelled with it. */
    void ciLeak() {
        releasedFrom("ci-gone");
        owner("ci-gone", "u");
    }
}
