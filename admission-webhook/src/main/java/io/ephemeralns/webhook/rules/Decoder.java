package io.ephemeralns.webhook.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an AdmissionRequest into the typed input of the rule it was routed to, once, with absent values normalised
 * (empty strings, empty lists and maps). Only what that rule reads is converted: a Pod's spec is never parsed, an
 * object's metadata only when the rule needs it.
 *
 * <p>A malformed object (for example {@code metadata.labels} that is not a map) makes the conversion throw; the HTTP
 * adapter turns that into a denied review with code 500, never an allowed one. Empty results mean "nothing to
 * decide" (a namespace request without an object): the request is allowed unchanged.
 */
public final class Decoder {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Decoder() {
    }

    /** A Namespace CREATE or UPDATE; empty without an object. The old object is read at UPDATE only. */
    public static Optional<NamespaceChange> namespaceChange(AdmissionRequest request, Operation operation) {
        Namespace object = convert(request.getObject(), Namespace.class);
        if (object == null) {
            return Optional.empty();
        }
        Namespace old = operation == Operation.CREATE ? null : convert(request.getOldObject(), Namespace.class);
        return Optional.of(new NamespaceChange(operation, old == null ? null : view(old, request), view(object, request),
                object.getMetadata(), requester(request)));
    }

    /** A CREATE of an object in a namespace: its name is the request's, else the one in the object. */
    public static Optional<ObjectChange> objectCreation(AdmissionRequest request, Operation operation) {
        String name = text(request.getName());
        if (name.isEmpty()) {
            ObjectMeta created = metadata(request.getObject());
            name = created == null || created.getName() == null ? "" : created.getName();
        }
        return Optional.of(new ObjectChange(operation, kind(request), text(request.getNamespace()), name, Map.of(),
                requester(request)));
    }

    /** A CREATE of a cluster-scoped object: its name, its labels as sent, and who creates it. */
    public static Optional<ClusterCreation> clusterCreation(AdmissionRequest request, Operation operation) {
        ObjectMeta created = metadata(request.getObject());
        String name = text(request.getName());
        if (name.isEmpty()) {
            name = created == null || created.getName() == null ? "" : created.getName();
        }
        return Optional.of(new ClusterCreation(kind(request), name, created != null,
                created == null ? null : created.getLabels(), requester(request)));
    }

    /** An UPDATE or DELETE of an object in a namespace, judged by its old object (which DELETE also carries). */
    public static Optional<ObjectChange> objectChange(AdmissionRequest request, Operation operation) {
        ObjectMeta old = metadata(request.getOldObject());
        String name = text(request.getName());
        if (name.isEmpty()) {
            name = String.valueOf(old == null ? null : old.getName());
        }
        Map<String, String> labels = old == null || old.getLabels() == null ? Map.of() : old.getLabels();
        return Optional.of(new ObjectChange(operation, kind(request), text(request.getNamespace()), name, labels,
                requester(request)));
    }

    /** A Pod CREATE: where the pod goes. */
    public static Optional<PodCreation> podCreation(AdmissionRequest request, Operation operation) {
        return Optional.of(new PodCreation(text(request.getNamespace())));
    }

    private static Requester requester(AdmissionRequest request) {
        return request.getUserInfo() == null ? new Requester("", null)
                : new Requester(request.getUserInfo().getUsername(), request.getUserInfo().getGroups());
    }

    /** The request's kind, or its resource when the kind is absent. */
    private static String kind(AdmissionRequest request) {
        String kind = request.getKind() == null ? "" : text(request.getKind().getKind());
        if (!kind.isEmpty()) {
            return kind;
        }
        return request.getResource() == null ? "" : text(request.getResource().getResource());
    }

    /** A namespace object as a view, filling the name from the request when the object has none. */
    private static NamespaceView view(Namespace namespace, AdmissionRequest request) {
        NamespaceView view = NamespaceView.of(namespace);
        if (view.name() == null || view.name().isEmpty()) {
            return new NamespaceView(text(request.getName()), view.uid(), view.created(), view.deleting(), view.labels(),
                    view.annotations());
        }
        return view;
    }

    private static ObjectMeta metadata(Object object) {
        GenericKubernetesResource resource = convert(object, GenericKubernetesResource.class);
        return resource == null ? null : resource.getMetadata();
    }

    private static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (!(value instanceof Map<?, ?>) && !(value instanceof KubernetesResource)) {
            throw new IllegalArgumentException("object is not a JSON object but " + value.getClass().getSimpleName());
        }
        return MAPPER.convertValue(value, type);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
