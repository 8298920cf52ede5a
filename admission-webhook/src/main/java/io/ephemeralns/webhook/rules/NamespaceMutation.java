package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The mutating rule for Namespace CREATE and UPDATE: makes the namespace's {@code ephemeral-ns.io/} labels and
 * annotations what the product computes ({@link ProductKeysRule}), in the same request.
 *
 * <p>It writes only {@code ephemeral-ns.io/} keys and never a pipeline's label: {@code kubectl label} without
 * {@code --overwrite} refuses to set a label that exists, so adding {@code ttl} or {@code created-by} would
 * break the seed's two-step flow. What a non-exempt requester did to a product key is reverted, and the response
 * carries a warning naming the keys reverted, so that {@code kubectl} shows why its change did not stick.
 */
public final class NamespaceMutation {

    private NamespaceMutation() {
    }

    /** The verdict for a request; kinds, operations and subresources not handled are allowed unchanged. */
    public static Verdict decide(AdmissionInput in, CiSettings settings, Exemptions exemptions, Instant now) {
        boolean create = "CREATE".equals(in.operation());
        if (!in.isCore("namespaces") || !in.subResource().isEmpty() || !(create || "UPDATE".equals(in.operation()))) {
            return Verdict.allow();
        }
        Namespace object = in.newNamespace();
        if (object == null) {
            return Verdict.allow();
        }
        Namespace oldObject = create ? null : in.oldNamespace();
        NamespaceView old = oldObject == null ? null : in.view(oldObject);
        NamespaceView view = in.view(object);
        boolean exempt = exemptions.covers(in.user(), in.groups());
        ProductKeysRule.Wanted wanted = ProductKeysRule.compute(create, old, view, exempt, settings, now);

        boolean hasMetadata = object.getMetadata() != null;
        List<Map<String, Object>> patch = new ArrayList<>();
        patch.addAll(JsonPatch.syncEntries(hasMetadata, "labels",
                hasMetadata ? object.getMetadata().getLabels() : null, ProductKeys.PREFIX, wanted.labels()));
        patch.addAll(JsonPatch.syncEntries(hasMetadata || !patch.isEmpty(), "annotations",
                hasMetadata ? object.getMetadata().getAnnotations() : null, ProductKeys.PREFIX, wanted.annotations()));
        List<String> warnings = new ArrayList<>(wanted.warnings());
        List<ProductKeysRule.KeyChange> reverted = exempt ? List.of() : ProductKeysRule.overrides(old, view, wanted);
        if (!reverted.isEmpty()) {
            warnings.add("ephemeral-ns reverted " + reverted.stream().map(ProductKeysRule.KeyChange::describe)
                    .collect(Collectors.joining("; ")) + ": " + ProductKeysRule.advice(reverted));
        }
        return Verdict.patch(patch, warnings);
    }
}
