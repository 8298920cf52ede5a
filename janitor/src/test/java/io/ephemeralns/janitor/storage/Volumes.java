package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Test volumes stated in one line: a builder of {@link VolumeView} with the usual defaults. */
final class Volumes {

    static final Instant RELEASED = Instant.parse("2026-11-30T10:00:00Z");

    private String name = "pv-1";
    private String uid = "pv-uid-1";
    private String phase = "Bound";
    private String policy = "Retain";
    private String storageClass = "fast";
    private long bytes = 1L << 30;
    private String claimNamespace = "ci-1";
    private String claimUid = "claim-uid";
    private Optional<Instant> lastPhaseChange = Optional.of(RELEASED);
    private boolean deleting;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> annotations = new HashMap<>();

    static Volumes volume() {
        return new Volumes();
    }

    Volumes name(String value) {
        name = value;
        uid = value + "-uid";
        return this;
    }

    Volumes uid(String value) {
        uid = value;
        return this;
    }

    Volumes phase(String value) {
        phase = value;
        return this;
    }

    Volumes released() {
        return phase("Released");
    }

    Volumes policy(String value) {
        policy = value;
        return this;
    }

    Volumes storageClass(String value) {
        storageClass = value;
        return this;
    }

    Volumes bytes(long value) {
        bytes = value;
        return this;
    }

    Volumes claimIn(String namespace) {
        claimNamespace = namespace;
        return this;
    }

    Volumes claimUid(String value) {
        claimUid = value;
        return this;
    }

    Volumes releasedAt(Instant at) {
        lastPhaseChange = Optional.ofNullable(at);
        return this;
    }

    Volumes deleting() {
        deleting = true;
        return this;
    }

    Volumes owner(String namespace, String namespaceUid) {
        labels.put(ProductKeys.OWNER_NAMESPACE, namespace);
        if (namespaceUid != null) {
            annotations.put(ProductKeys.OWNER_NAMESPACE_UID, namespaceUid);
        }
        return this;
    }

    Volumes annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    VolumeView view() {
        return new VolumeView(name, uid, "7", phase, policy, storageClass, bytes, claimNamespace, "data", claimUid,
                lastPhaseChange, deleting, labels, annotations);
    }
}
