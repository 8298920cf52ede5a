package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The mutating rule for Namespace CREATE and UPDATE (the object itself, not its subresources): makes the namespace's
 * {@code ephemeral-ns.io/} labels and annotations what the product computes ({@link ProductKeysRule}), in the same
 * request.
 *
 * <p>It writes only {@code ephemeral-ns.io/} keys and never a pipeline's label: {@code kubectl label} without
 * {@code --overwrite} refuses to set a label that exists, so adding {@code ttl} or {@code created-by} would
 * break the seed's two-step flow. What a non-exempt requester did to a product key is reverted, and the response
 * carries a warning naming the keys reverted, so that {@code kubectl} shows why its change did not stick. The one
 * product key a requester writes, the request {@code ephemeral-ns.io/extend}, is consumed ({@link ExtensionRule}).
 */
public final class NamespaceMutation {

    private NamespaceMutation() {
    }

    /** The verdict for a namespace change at {@code now}: the patch to the product's keys, and what it reverted. */
    public static Verdict decide(NamespaceChange change, CiSettings settings, Exemptions exemptions, Instant now) {
        NamespaceView old = change.old();
        NamespaceView view = change.object();
        boolean exempt = exemptions.covers(change.requester());
        ProductKeysRule.Wanted wanted = ProductKeysRule.compute(change.create(), old, view, change.requester(), exempt, settings, now);

        ObjectMeta metadata = change.requestedMetadata();
        boolean hasMetadata = metadata != null;
        List<Map<String, Object>> patch = new ArrayList<>();
        patch.addAll(JsonPatch.syncEntries(hasMetadata, "labels",
                hasMetadata ? metadata.getLabels() : null, ProductKeys.PREFIX, wanted.labels()));
        patch.addAll(JsonPatch.syncEntries(hasMetadata || !patch.isEmpty(), "annotations",
                hasMetadata ? metadata.getAnnotations() : null, ProductKeys.PREFIX, wanted.annotations()));
        List<String> warnings = new ArrayList<>(wanted.warnings());
        List<ProductKeysRule.KeyChange> reverted = exempt ? List.of() : ProductKeysRule.overrides(old, view, wanted).stream()
                .filter(keyChange -> !keyChange.key().equals(ProductKeys.EXTEND)) // a request, consumed: not reverted
                .toList();
        if (!reverted.isEmpty()) {
            warnings.add("ephemeral-ns reverted " + reverted.stream().map(ProductKeysRule.KeyChange::describe)
                    .collect(Collectors.joining("; ")) + ": " + ProductKeysRule.advice(reverted));
        }
        return Verdict.patch(patch, warnings);
    }
}
