package io.ephemeralns.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.CiSettings;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admission reviews the webhook sends itself before it reports ready ({@link AdmissionWarmup}): one for each
 * route of the two routing tables that the chart's webhook configurations send, shaped as the API server sends them,
 * about a namespace carrying the configured CI selector's {@code key=value} labels and a TTL (so that the CI rules
 * run, not only the routing, for the selectors made of equalities such as the default).
 *
 * <p>Pure: built from the settings and the warm-up's UID, by which the adapter tells these reviews from real ones.
 */
public final class WarmupReviews {

    /** The name of the namespace the reviews are about; never created (admission has no side effects). */
    public static final String NAMESPACE = "ephemeral-ns-warm-up";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One review and the endpoint it is sent to. */
    public record Review(String path, byte[] body) {
    }

    private WarmupReviews() {
    }

    /** The reviews, in the order they are sent. */
    public static List<Review> of(CiSettings settings, String uid) {
        Map<String, String> labels = new LinkedHashMap<>(settings.selector().requiredLabels());
        labels.put(settings.ttlLabel(), "1h");
        HasMetadata namespace = new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).withLabels(labels)
                .endMetadata().build();
        HasMetadata pod = new PodBuilder().withNewMetadata().withName("warm-up").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("warm-up").withImage("warm-up").endContainer().endSpec().build();
        HasMetadata quota = new ResourceQuotaBuilder().withNewMetadata().withName("warm-up").withNamespace(NAMESPACE)
                .endMetadata().build();
        return List.of(
                review("/mutate", uid, "CREATE", "namespaces", null, namespace, null),
                review("/validate", uid, "CREATE", "namespaces", null, namespace, null),
                review("/validate", uid, "UPDATE", "namespaces", null, namespace, namespace),
                review("/validate", uid, "CREATE", "pods", NAMESPACE, pod, null),
                review("/validate", uid, "DELETE", "pods", NAMESPACE, null, pod),
                review("/validate", uid, "CREATE", "resourcequotas", NAMESPACE, quota, null),
                review("/validate", uid, "UPDATE", "resourcequotas", NAMESPACE, quota, quota));
    }

    private static Review review(String path, String uid, String operation, String resource, String namespace,
            HasMetadata object, HasMetadata oldObject) {
        HasMetadata subject = object != null ? object : oldObject;
        AdmissionRequest request = new AdmissionRequest();
        request.setUid(uid);
        request.setOperation(operation);
        request.setKind(new GroupVersionKind("", subject.getKind(), "v1"));
        request.setResource(new GroupVersionResource("", resource, "v1"));
        request.setName(subject.getMetadata().getName());
        request.setNamespace(namespace);
        request.setObject(object);
        request.setOldObject(oldObject);
        UserInfo user = new UserInfo();
        user.setUsername("system:serviceaccount:" + NAMESPACE + ":warm-up");
        user.setGroups(List.of("system:serviceaccounts", "system:authenticated"));
        request.setUserInfo(user);
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        review.setRequest(request);
        try {
            return new Review(path, MAPPER.writeValueAsBytes(review));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a warm-up review", e);
        }
    }
}
