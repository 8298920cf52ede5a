/**
 * Leaked storage: PersistentVolumes left {@code Released} (or {@code Failed}) after their CI namespace was deleted. The
 * janitor proves ownership while the namespace lives (label {@code ephemeral-ns.io/owner-namespace} and annotation
 * {@code ephemeral-ns.io/owner-namespace-uid} on volumes bound to its claims), reports leaked volumes by storage class
 * with their capacity, and, with {@code janitor.storage.delete-after}, reclaims the proven ones after that grace.
 * {@link VolumePlanner} decides (pure); {@link VolumeScan} gathers and asks; {@link VolumeActions} writes;
 * {@link PersistentVolumes} is the API.
 */
package io.ephemeralns.janitor.storage;
