package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * The leaked volumes as the last scan found them: the {@code volumes} section of {@code GET /namespaces}.
 *
 * @param scannedAt     RFC 3339 time of the scan
 * @param leakedVolumes every volume whose claim's namespace is gone, by name
 */
public record StorageReport(String scannedAt, List<Entry> leakedVolumes) {

    /**
     * One leaked volume.
     *
     * @param name          the PersistentVolume
     * @param storageClass  its storage class, null when none
     * @param capacityBytes its capacity
     * @param claim         {@code namespace/name} of its former claim
     * @param owner         {@code ci} (proven by its owner label: reclaimed when {@code janitor.storage.delete-after} is
     *                      set) or {@code unknown} (never reclaimed)
     * @param phase         {@code Released} or {@code Failed}
     * @param reclaimPolicy its reclaim policy
     * @param releasedAt    RFC 3339 time it entered that phase, null when unknown
     * @param reclaimAt     RFC 3339 time at which the janitor reclaims it, null for never
     */
    public record Entry(String name, String storageClass, long capacityBytes, String claim, String owner, String phase,
            String reclaimPolicy, String releasedAt, String reclaimAt) {
    }

    /** The report of one scan. */
    public static StorageReport of(Instant scannedAt, List<LeakedVolume> leaked) {
        return new StorageReport(Timestamps.format(scannedAt), leaked.stream()
                .map(volume -> new Entry(volume.name(), volume.storageClass(), volume.capacityBytes(), volume.claim(),
                        volume.owner().tag(), volume.phase(), volume.reclaimPolicy(),
                        volume.releasedAt().map(Timestamps::format).orElse(null),
                        volume.reclaimAt().map(Timestamps::format).orElse(null)))
                .toList());
    }
}
