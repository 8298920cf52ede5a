package io.ephemeralns.janitor.storage;

import java.util.Locale;

/**
 * One reclaim of a leaked CI volume, done only after a re-read of the volume and of its namespace confirms it
 * ({@link VolumePlanner#deletion}), with the re-read's UID and resourceVersion as preconditions.
 *
 * @param volume     the volume's name
 * @param uid        its UID as read by the scan
 * @param namespace  the gone CI namespace it belonged to
 * @param action     what is done to it
 */
public record VolumeDeletion(String volume, String uid, String namespace, Action action) {

    /** What reclaiming a volume means, by its reclaim policy. */
    public enum Action {
        /**
         * Its policy is Retain (or Recycle): set it to Delete, so that the cluster's provisioner deletes the storage
         * asset and then the PersistentVolume, as for any volume whose policy is Delete. Deleting the object alone
         * would leave the asset in the storage backend, still paid for and no longer visible.
         */
        RECLAIM,
        /**
         * Its policy is already Delete and it is still there (the provisioner failed, or there is none): delete the
         * PersistentVolume object; a CSI provisioner's finalizer still deletes the asset first.
         */
        DELETE;

        /** {@code reclaim} or {@code delete}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
