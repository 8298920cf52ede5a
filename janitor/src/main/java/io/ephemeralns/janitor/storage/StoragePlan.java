package io.ephemeralns.janitor.storage;

import java.util.List;

/**
 * What one scan of the PersistentVolumes decided.
 *
 * @param labels          owner labels to write, at most the planner's cap
 * @param leaked          every volume whose claim's namespace is gone, by name
 * @param deletions       leaked CI volumes past their grace, oldest release first, at most the planner's cap
 * @param deferredLabels  labels beyond the cap, left for the next scan
 * @param deferredDeletions reclaims beyond the cap, left for the next scan
 */
public record StoragePlan(List<OwnerLabel> labels, List<LeakedVolume> leaked, List<VolumeDeletion> deletions,
        int deferredLabels, int deferredDeletions) {

    public StoragePlan {
        labels = List.copyOf(labels);
        leaked = List.copyOf(leaked);
        deletions = List.copyOf(deletions);
    }
}
