package io.ephemeralns.janitor.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leaked-storage decisions, pure functions of the volumes, the namespaces and {@code now}.
 *
 * <p>Ownership: a volume bound to a claim in a live CI namespace, whose claimRef was chosen for that claim
 * ({@link VolumeView#claimedByDesign}), gets the label {@code ephemeral-ns.io/owner-namespace=<namespace>} and the
 * annotation {@code ephemeral-ns.io/owner-namespace-uid}. A volume already {@code Released} keeps the label it has: a
 * namespace re-created under the same name never takes over its predecessor's volumes.
 *
 * <p>A leak: a {@code Released} or {@code Failed} volume whose claim's namespace is gone. It is a CI leak
 * ({@link Owner#CI}) when its owner label names its claim's namespace and that namespace is gone, or exists with
 * another UID than the one recorded; otherwise ({@link Owner#UNKNOWN}) only when the claim's namespace is gone, and it
 * is reported, never reclaimed. A namespace whose existence is unknown (its lookup failed) decides nothing.
 *
 * <p>A reclaim: with {@code delete-after}, a CI leak whose release ({@code status.lastPhaseTransitionTime}) is at least
 * that old, not already being deleted; oldest release first, at most {@code maxDeletions} per scan. A volume
 * whose release time is unknown is never reclaimed.
 */
public final class VolumePlanner {

    private final Optional<Duration> deleteAfter;
    private final int maxDeletions;
    private final int maxLabels;

    /**
     * @param deleteAfter  grace between a release and the reclaim; empty = never reclaim
     * @param maxDeletions most reclaims per scan
     * @param maxLabels    most owner labels written per scan
     */
    public VolumePlanner(Optional<Duration> deleteAfter, int maxDeletions, int maxLabels) {
        this.deleteAfter = deleteAfter;
        this.maxDeletions = maxDeletions;
        this.maxLabels = maxLabels;
    }

    /** The namespaces to look up: those of released volumes' claims that are not live CI namespaces. */
    public Set<String> lookups(List<VolumeView> volumes, Map<String, String> ci) {
        Set<String> names = new TreeSet<>();
        for (VolumeView volume : volumes) {
            if (volume.released() && volume.claimNamespace() != null && !ci.containsKey(volume.claimNamespace())) {
                names.add(volume.claimNamespace());
            }
        }
        return names;
    }

    /** The whole plan of one scan. */
    public StoragePlan plan(List<VolumeView> volumes, LiveNamespaces live, Instant now) {
        List<OwnerLabel> labels = new ArrayList<>();
        List<LeakedVolume> leaked = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        for (VolumeView volume : volumes) {
            label(volume, live.ci()).ifPresent(labels::add);
            leak(volume, live).ifPresent(owner -> {
                Optional<Instant> reclaimAt = reclaimAt(volume, owner);
                leaked.add(new LeakedVolume(volume.name(), volume.storageClass(), volume.capacityBytes(), volume.claim(),
                        owner, volume.phase(), volume.reclaimPolicy(), volume.lastPhaseChange(), reclaimAt));
                deletion(volume, live, now).ifPresent(deletion -> due.add(new Due(deletion, reclaimAt.orElseThrow())));
            });
        }
        leaked.sort(Comparator.comparing(LeakedVolume::name));
        due.sort(Comparator.comparing(Due::at).thenComparing(entry -> entry.deletion().volume()));
        List<VolumeDeletion> deletions = due.stream().limit(maxDeletions).map(Due::deletion).toList();
        return new StoragePlan(labels.stream().limit(maxLabels).toList(), leaked, deletions,
                Math.max(0, labels.size() - maxLabels), due.size() - deletions.size());
    }

    private record Due(VolumeDeletion deletion, Instant at) {
    }

    /** The owner label a volume needs, empty when it needs none or may not have one. */
    public Optional<OwnerLabel> label(VolumeView volume, Map<String, String> ci) {
        String namespace = volume.claimNamespace();
        String namespaceUid = namespace == null ? null : ci.get(namespace);
        if (namespaceUid == null || isBlank(volume.uid()) || isBlank(volume.claimUid()) || volume.deleting()
                || !volume.claimedByDesign()) {
            return Optional.empty();
        }
        if (namespace.equals(volume.ownerLabel()) && namespaceUid.equals(volume.ownerUid())) {
            return Optional.empty();
        }
        boolean bound = "Bound".equals(volume.phase());
        if (!bound && (!volume.released() || volume.ownerLabel() != null)) {
            return Optional.empty();
        }
        return Optional.of(new OwnerLabel(volume.name(), volume.uid(), volume.resourceVersion(), namespace, namespaceUid));
    }

    /** Whose leak a volume is, empty when it is not a leak (or when that cannot be told now). */
    public Optional<Owner> leak(VolumeView volume, LiveNamespaces live) {
        String namespace = volume.claimNamespace();
        if (!volume.released() || namespace == null || !live.known(namespace)) {
            return Optional.empty();
        }
        Optional<String> uid = live.uid(namespace);
        if (namespace.equals(volume.ownerLabel())) {
            boolean gone = uid.isEmpty() || (volume.ownerUid() != null && !volume.ownerUid().equals(uid.get()));
            return gone ? Optional.of(Owner.CI) : Optional.empty();
        }
        return uid.isEmpty() ? Optional.of(Owner.UNKNOWN) : Optional.empty();
    }

    /**
     * The reclaim of a volume as it is now, empty when it is not due: also the check of a fresh re-read right before
     * acting, so that a volume re-bound, relabelled or whose namespace came back in between is left alone.
     */
    public Optional<VolumeDeletion> deletion(VolumeView volume, LiveNamespaces live, Instant now) {
        if (volume.deleting() || isBlank(volume.uid()) || leak(volume, live).filter(owner -> owner == Owner.CI).isEmpty()) {
            return Optional.empty();
        }
        return reclaimAt(volume, Owner.CI).filter(at -> !now.isBefore(at))
                .map(at -> new VolumeDeletion(volume.name(), volume.uid(), volume.claimNamespace(),
                        "Delete".equals(volume.reclaimPolicy()) ? VolumeDeletion.Action.DELETE
                                : VolumeDeletion.Action.RECLAIM));
    }

    /**
     * The reclaim to do after a fresh re-read: the re-read's own decision, when it is still the volume the scan
     * planned to reclaim (same UID); empty when it is not due any more.
     */
    public Optional<VolumeDeletion> confirm(VolumeDeletion planned, VolumeView fresh, LiveNamespaces live, Instant now) {
        return Objects.equals(planned.uid(), fresh.uid()) ? deletion(fresh, live, now) : Optional.empty();
    }

    private Optional<Instant> reclaimAt(VolumeView volume, Owner owner) {
        if (owner != Owner.CI || deleteAfter.isEmpty()) {
            return Optional.empty();
        }
        return volume.lastPhaseChange().map(released -> released.plus(deleteAfter.get()));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
