package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The mutating rule for Namespace CREATE and UPDATE: stamps what the janitor needs on CI namespaces.
 *
 * <p>It writes only {@code ephemeral-ns.io/} keys and never a pipeline's label: {@code kubectl label} without
 * {@code --overwrite} refuses to set a label that exists, so adding {@code ttl} or {@code created-by} would
 * break the seed's two-step flow. What it writes:
 * <ul>
 *   <li>label {@code managed=true} on every CI namespace;</li>
 *   <li>{@code expires-at} and {@code ttl-source} when the namespace becomes a CI namespace (at CREATE or at the
 *       UPDATE that labels it), when the ttl label changes, and when {@code expires-at} is missing or unreadable:
 *       creation (now at CREATE, when the API server has not set it yet) + ttl, or + default-ttl with a warning
 *       when the namespace has no ttl label;</li>
 *   <li>{@code kept-at} = now when {@code keep=true} appears.</li>
 * </ul>
 * Idempotence under {@code reinvocationPolicy: IfNeeded}: at CREATE the instants depend on {@code now}, so a
 * value already present within {@link #REINVOCATION_TOLERANCE} of the computed one is kept (it is this
 * webhook's own first answer); a value further off, e.g. one a user supplied, is overwritten.
 */
public final class NamespaceMutation {

    /** How far a stamped instant may be from the recomputed one and still count as our own earlier stamp. */
    public static final Duration REINVOCATION_TOLERANCE = Duration.ofSeconds(60);

    /** What to set, and what to tell the client. */
    public record Changes(Map<String, String> labels, Map<String, String> annotations, List<String> warnings) {
        public boolean isEmpty() {
            return labels.isEmpty() && annotations.isEmpty();
        }
    }

    private NamespaceMutation() {
    }

    /** The verdict for a request; kinds, operations and subresources not handled are allowed unchanged. */
    public static Verdict decide(AdmissionInput in, CiSettings settings, Instant now) {
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
        Changes changes = plan(create, old, in.view(object), settings, now);
        boolean hasMetadata = object.getMetadata() != null;
        List<Map<String, Object>> patch = new ArrayList<>();
        patch.addAll(JsonPatch.setEntries(hasMetadata, "labels",
                hasMetadata ? object.getMetadata().getLabels() : null, changes.labels()));
        patch.addAll(JsonPatch.setEntries(hasMetadata || !patch.isEmpty(), "annotations",
                hasMetadata ? object.getMetadata().getAnnotations() : null, changes.annotations()));
        return Verdict.patch(patch, changes.warnings());
    }

    /**
     * The changes for a namespace.
     *
     * @param create true at CREATE (no old object, no creation time yet)
     * @param old    the namespace before an UPDATE, null at CREATE
     * @param object the namespace as it will be stored
     */
    public static Changes plan(boolean create, NamespaceView old, NamespaceView object, CiSettings settings, Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (object.isTerminating() || !CiScope.isCiNamespace(settings, object.name(), object.labels())) {
            return new Changes(labels, annotations, warnings);
        }
        if (!CiScope.isManaged(object.labels())) {
            labels.put(ProductKeys.MANAGED, "true");
        }

        boolean wasCi = old != null && CiScope.isCiNamespace(settings, old.name(), old.labels());
        String ttlText = object.label(settings.ttlLabel());
        boolean ttlChanged = old != null && !Objects.equals(ttlText, old.label(settings.ttlLabel()));
        boolean stampMissing = Timestamps.parse(object.annotation(ProductKeys.EXPIRES_AT)).isEmpty();
        if (create || !wasCi || ttlChanged || stampMissing) {
            stampExpiry(create, object, settings, now, ttlText, annotations, warnings);
        }

        boolean keptBefore = old != null && "true".equals(old.label(settings.keepLabel()));
        if ("true".equals(object.label(settings.keepLabel())) && !keptBefore
                && !isOurs(object.annotation(ProductKeys.KEPT_AT), now)) {
            annotations.put(ProductKeys.KEPT_AT, Timestamps.format(now));
        }
        return new Changes(labels, annotations, warnings);
    }

    private static void stampExpiry(boolean create, NamespaceView object, CiSettings settings, Instant now,
            String ttlText, Map<String, String> annotations, List<String> warnings) {
        Optional<Duration> ttl = Ttl.tryParse(ttlText);
        String source = ProductKeys.TTL_SOURCE_LABEL;
        if (ttlText == null && settings.defaultTtl().isPresent()) {
            ttl = settings.defaultTtl();
            source = ProductKeys.TTL_SOURCE_DEFAULT;
        }
        if (ttl.isEmpty()) {
            return; // no lifetime to stamp: the validating rule refuses the request
        }
        Instant base = create ? now : object.created().orElse(now);
        Instant expires = base.plus(ttl.get());
        String current = object.annotation(ProductKeys.EXPIRES_AT);
        boolean keep = create ? isOurs(current, expires) : Timestamps.format(expires).equals(current);
        if (!keep) {
            annotations.put(ProductKeys.EXPIRES_AT, Timestamps.format(expires));
        }
        if (!source.equals(object.annotation(ProductKeys.TTL_SOURCE))) {
            annotations.put(ProductKeys.TTL_SOURCE, source);
        }
        if (ProductKeys.TTL_SOURCE_DEFAULT.equals(source)) {
            String name = object.name() == null || object.name().isEmpty() ? "<namespace>" : object.name();
            warnings.add("namespace " + name + " has no " + settings.ttlLabel() + " label: it expires at "
                    + Timestamps.format(expires) + " (default-ttl " + Ttl.format(ttl.get()) + "); set its lifetime with"
                    + " kubectl label namespace " + name + " " + settings.ttlLabel() + "=24h");
        }
    }

    private static boolean isOurs(String stamped, Instant expected) {
        return Timestamps.parse(stamped)
                .map(at -> Duration.between(at, expected).abs().compareTo(REINVOCATION_TOLERANCE) <= 0)
                .orElse(false);
    }
}
