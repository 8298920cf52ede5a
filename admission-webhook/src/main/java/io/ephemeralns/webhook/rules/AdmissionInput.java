package io.ephemeralns.webhook.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.NamespaceView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.List;
import java.util.Map;

/**
 * The fields of an AdmissionRequest that the rules read, with absent values normalised (empty strings, empty
 * lists). Objects are converted on demand, so a request for a kind no rule handles is never parsed further.
 *
 * <p>A malformed object (for example {@code metadata.labels} that is not a map) makes the conversion throw;
 * the HTTP adapter turns that into a denied review with code 500, never an allowed one.
 */
public record AdmissionInput(
        String operation,
        String group,
        String resource,
        String subResource,
        String kind,
        String namespace,
        String name,
        String user,
        List<String> groups,
        boolean dryRun,
        Object object,
        Object oldObject) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads a fabric8 request. */
    public static AdmissionInput of(AdmissionRequest request) {
        GroupVersionResource gvr = request.getResource();
        return new AdmissionInput(
                text(request.getOperation()),
                gvr == null ? "" : text(gvr.getGroup()),
                gvr == null ? "" : text(gvr.getResource()),
                text(request.getSubResource()),
                request.getKind() == null ? "" : text(request.getKind().getKind()),
                text(request.getNamespace()),
                text(request.getName()),
                request.getUserInfo() == null ? "" : text(request.getUserInfo().getUsername()),
                request.getUserInfo() == null || request.getUserInfo().getGroups() == null
                        ? List.of() : List.copyOf(request.getUserInfo().getGroups()),
                Boolean.TRUE.equals(request.getDryRun()),
                request.getObject(),
                request.getOldObject());
    }

    /** True for a core-group resource of this name ({@code namespaces}, {@code pods}). */
    public boolean isCore(String plural) {
        return group.isEmpty() && plural.equals(resource);
    }

    /** The new object as a Namespace, or null when absent. */
    public Namespace newNamespace() {
        return convert(object, Namespace.class);
    }

    /** The old object as a Namespace, or null when absent. */
    public Namespace oldNamespace() {
        return convert(oldObject, Namespace.class);
    }

    /** The old object's metadata, or null when there is no old object or it has none. */
    public ObjectMeta oldMetadata() {
        GenericKubernetesResource old = convert(oldObject, GenericKubernetesResource.class);
        return old == null ? null : old.getMetadata();
    }

    /** The new object's metadata, or null when there is no new object or it has none. */
    public ObjectMeta newMetadata() {
        GenericKubernetesResource created = convert(object, GenericKubernetesResource.class);
        return created == null ? null : created.getMetadata();
    }

    /** A namespace object as a view, filling the name from the request when the object has none. */
    public NamespaceView view(Namespace namespace) {
        NamespaceView view = NamespaceView.of(namespace);
        if (view.name() == null || view.name().isEmpty()) {
            return new NamespaceView(name, view.uid(), view.created(), view.deleting(), view.labels(), view.annotations());
        }
        return view;
    }

    private static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (!(value instanceof Map<?, ?>) && !(value instanceof io.fabric8.kubernetes.api.model.KubernetesResource)) {
            throw new IllegalArgumentException("object is not a JSON object but " + value.getClass().getSimpleName());
        }
        return MAPPER.convertValue(value, type);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
