package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.Timestamps;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a workload last changed, from its metadata alone (no Pod is read): the latest of its
 * {@code creationTimestamp} and of the {@code time} of each {@code metadata.managedFields} entry that is not of the
 * {@code status} subresource.
 *
 * <p>Evidence: the API server keeps one managedFields entry per manager, operation and subresource, and sets its
 * {@code time} when the entry is added and whenever that manager adds, changes or removes a field it owns (Kubernetes
 * API reference, ManagedFieldsEntry.time). So every create, update, patch, apply or {@code kubectl scale} of the
 * object (subresource {@code ""} or {@code scale}) moves it; the controllers' status writes (subresource
 * {@code status}: rollouts, ready counts, a crash-looping Pod's availability) do not count, since they are not a
 * person's or a pipeline's change. {@code metadata.generation} moves with every spec change too, but carries no time,
 * so it cannot say how long ago. Without any timed entry the time is unknown and the workload never sleeps: an object
 * whose managedFields were cleared says nothing of its changes.
 */
public final class LastChange {

    private LastChange() {
    }

    /** The latest change, empty when no timed managedFields entry (other than status) exists. */
    public static Optional<Instant> of(ObjectMeta metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        List<ManagedFieldsEntry> entries = metadata.getManagedFields() == null ? List.of() : metadata.getManagedFields();
        Optional<Instant> latest = Optional.empty();
        for (ManagedFieldsEntry entry : entries) {
            if (entry == null || "status".equals(entry.getSubresource())) {
                continue;
            }
            Optional<Instant> time = Timestamps.parse(entry.getTime());
            if (time.isPresent() && (latest.isEmpty() || time.get().isAfter(latest.get()))) {
                latest = time;
            }
        }
        Optional<Instant> created = Timestamps.parse(metadata.getCreationTimestamp());
        return latest.map(at -> created.filter(creation -> creation.isAfter(at)).orElse(at));
    }
}
