package io.ephemeralns.janitor.storage;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.kube.ExpiredListings;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API requests of the leaked-storage scan. PersistentVolumes are listed in full, page by page (claimRef, phase,
 * capacity and class are in spec and status; metadata alone would not do). Every write carries the UID and the
 * resourceVersion the decision was made on: a merge patch that names them is refused by the API server when the volume
 * changed (409) or is another volume of that name (the UID is immutable), and the delete has them as preconditions.
 *
 * @param client   the janitor's client
 * @param pageSize volumes per list request ({@code janitor.page-size})
 */
public record PersistentVolumes(KubernetesClient client, long pageSize) {

    /** One listing: the volumes and the number of list requests it took. */
    public record Listing(List<VolumeView> volumes, int requests) {
    }

    /**
     * Every PersistentVolume; a listing whose {@code continue} token expired (410 Gone) starts again.
     *
     * @throws KubernetesClientException when a page cannot be read
     */
    public Listing list() {
        return ExpiredListings.restarting("persistent volume", this::listAll);
    }

    private Listing listAll() {
        List<VolumeView> volumes = new ArrayList<>();
        String token = null;
        int requests = 0;
        do {
            PersistentVolumeList page = client.persistentVolumes()
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build());
            requests++;
            for (PersistentVolume volume : page.getItems()) {
                volumes.add(VolumeView.of(volume));
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return new Listing(volumes, requests);
    }

    /** The volume of that name now, empty when there is none. */
    public Optional<VolumeView> read(String name) {
        return Optional.ofNullable(client.persistentVolumes().withName(name).get()).map(VolumeView::of);
    }

    /**
     * The UID of the namespace of that name, empty when it does not exist.
     *
     * @throws KubernetesClientException when it cannot be told (anything but found or 404)
     */
    public Optional<String> namespaceUid(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        return Optional.ofNullable(namespace).map(found -> found.getMetadata().getUid());
    }

    /**
     * Writes the owner label and UID annotation.
     *
     * @throws KubernetesClientException when refused (409: the volume changed since it was read) or failed
     */
    public void label(OwnerLabel label) {
        patch(label.volume(), Map.of("metadata", Map.of("uid", label.uid(), "resourceVersion", label.resourceVersion(),
                "labels", Map.of(ProductKeys.OWNER_NAMESPACE, label.namespace()),
                "annotations", Map.of(ProductKeys.OWNER_NAMESPACE_UID, label.namespaceUid()))));
    }

    /**
     * Sets the reclaim policy of the volume as read to {@code Delete}.
     *
     * @throws KubernetesClientException when refused (409: the volume changed since it was read) or failed
     */
    public void reclaim(VolumeView volume) {
        patch(volume.name(), Map.of("metadata", Map.of("uid", volume.uid(), "resourceVersion", volume.resourceVersion()),
                "spec", Map.of("persistentVolumeReclaimPolicy", "Delete")));
    }

    /**
     * Deletes the volume as read, with its UID and resourceVersion as preconditions.
     *
     * @throws KubernetesClientException when refused (409: the volume changed since it was read) or failed
     */
    public void delete(VolumeView volume) {
        DeleteOptions options = new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
                .withNewPreconditions().withUid(volume.uid()).withResourceVersion(volume.resourceVersion())
                .endPreconditions().build();
        client.raw("/api/v1/persistentvolumes/" + volume.name(), "DELETE", options);
    }

    private void patch(String name, Map<String, Object> body) {
        client.persistentVolumes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(body));
    }
}
