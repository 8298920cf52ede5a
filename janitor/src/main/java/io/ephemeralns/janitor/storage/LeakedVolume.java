package io.ephemeralns.janitor.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * A volume whose claim's namespace is gone, as a scan found it.
 *
 * @param name          the volume's name
 * @param storageClass  its storage class, null when none
 * @param capacityBytes its capacity
 * @param claim         {@code namespace/name} of the claim it was bound to
 * @param owner         whether it is proven to be a CI namespace's
 * @param phase         {@code Released} or {@code Failed}
 * @param reclaimPolicy its reclaim policy
 * @param releasedAt    when it entered that phase ({@code status.lastPhaseTransitionTime}), empty when unknown
 * @param reclaimAt     when the janitor reclaims it ({@code releasedAt} + {@code janitor.storage.delete-after}); empty
 *                      when it never will (not proven, deletion off, release time unknown)
 */
public record LeakedVolume(String name, String storageClass, long capacityBytes, String claim, Owner owner, String phase,
        String reclaimPolicy, Optional<Instant> releasedAt, Optional<Instant> reclaimAt) {
}
