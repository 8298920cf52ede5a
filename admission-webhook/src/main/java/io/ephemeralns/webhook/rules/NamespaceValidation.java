package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.InvalidTtlException;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The validating rule for Namespace CREATE and UPDATE, also through the {@code status} and {@code finalize}
 * subresources (they can change labels too).
 *
 * <ul>
 *   <li>A namespace becomes a CI namespace only at its creation or within {@code ephemeral-ns.label-window} after it,
 *       unless the requester is exempt ({@link LabelWindow}).</li>
 *   <li>The product's keys: a non-exempt request may not set, change or remove an {@code ephemeral-ns.io/} label or
 *       annotation to anything but what the product computes ({@link ProductKeysRule}); the mutating webhook has
 *       already reset them, so this refuses only what mutation did not (a skipped webhook, a subresource).</li>
 *   <li>A namespace that becomes a CI namespace (CREATE, or the UPDATE that labels it) needs a valid ttl within
 *       [min-ttl, max-ttl], unless default-ttl is configured and the label is absent; a ttl that is changed is
 *       checked the same way. This holds for everybody, administrators included: it is the product's promise.</li>
 *   <li>On UPDATE of a CI namespace, removing the ttl label or the selector's labels (leaving the janitor's scope) is
 *       denied, except for the exempt users (the product's service accounts, {@code system:masters}).</li>
 *   <li>{@code ephemeral-ns.io/profile} must name a known profile when it is chosen (at admission) or changed by an
 *       exempt user.</li>
 *   <li>Back-pressure (when max-namespaces &gt; 0): a new CI namespace is refused when that many exist; when the
 *       cache has not synced yet, it is allowed with a warning saying the limit was not checked.</li>
 *   <li>While a namespace terminates only the first two rules apply, and neither refuses an update that changes no
 *       label or annotation (the namespace controller's), so namespace deletion never hangs on this webhook.</li>
 * </ul>
 * All violations are reported together in one message, numbered when there are several, each naming the label,
 * the value and an accepted example.
 */
public final class NamespaceValidation {

    private NamespaceValidation() {
    }

    /** The verdict for a namespace request at {@code now}; other requests are allowed. */
    public static Verdict decide(AdmissionInput in, Policy policy, ClusterView cluster, Instant now) {
        boolean create = "CREATE".equals(in.operation());
        if (!in.isCore("namespaces") || !(create || "UPDATE".equals(in.operation()))) {
            return Verdict.allow();
        }
        Namespace object = in.newNamespace();
        Namespace oldObject = create ? null : in.oldNamespace();
        if (object == null) {
            return Verdict.allow();
        }
        return decide(create, oldObject == null ? null : in.view(oldObject), in.view(object),
                policy.exemptions().covers(in.user(), in.groups()), policy, cluster, now);
    }

    /** The rule on views: {@code old} is null at CREATE; {@code exempt} says whether the user is exempt. */
    public static Verdict decide(boolean create, NamespaceView old, NamespaceView object, boolean exempt,
            Policy policy, ClusterView cluster, Instant now) {
        CiSettings settings = policy.settings();
        List<String> violations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        LabelWindow.refusal(old, object, exempt, settings, now).ifPresent(violations::add);
        if (!exempt) {
            List<ProductKeysRule.KeyChange> changes = ProductKeysRule.overrides(old, object,
                    ProductKeysRule.compute(create, old, object, false, settings, now));
            changes.forEach(change -> violations.add(change.describe()));
            if (!changes.isEmpty()) {
                violations.add(ProductKeysRule.advice(changes));
            }
        }
        if (old == null || !old.isTerminating()) {
            ciRules(old, object, exempt, policy, cluster, violations, warnings);
        }
        if (violations.isEmpty()) {
            return Verdict.allow(warnings);
        }
        String name = object.name();
        StringBuilder message = new StringBuilder("namespace ")
                .append(name == null || name.isEmpty() ? "<generated>" : name).append(" refused by ephemeral-ns:");
        for (int i = 0; i < violations.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(violations.size() > 1 ? "(" + (i + 1) + ") " : "").append(violations.get(i));
        }
        return Verdict.deny(message.toString(), warnings);
    }

    /** The rules of a CI namespace's labels: ttl, selector, profile, back-pressure. */
    private static void ciRules(NamespaceView old, NamespaceView object, boolean exempt, Policy policy,
            ClusterView cluster, List<String> violations, List<String> warnings) {
        CiSettings settings = policy.settings();
        boolean isCi = CiScope.isCiNamespace(settings, object.name(), scopeLabels(old, object, exempt));
        boolean wasCi = old != null && CiScope.isCiNamespace(settings, old.name(), old.labels());
        if (!isCi && !wasCi) {
            return;
        }
        String name = object.name();
        String ttlLabel = settings.ttlLabel();
        String ttl = object.label(ttlLabel);
        String oldTtl = old == null ? null : old.label(ttlLabel);
        boolean becomesCi = isCi && (old == null || !CiScope.isManaged(old.labels()));

        if (isCi && (becomesCi || (ttl != null && !ttl.equals(oldTtl)))) {
            ttlProblem(name, ttl, settings).ifPresent(violations::add);
        }
        if (old != null && wasCi && !exempt) {
            if (oldTtl != null && ttl == null) {
                violations.add("label " + ttlLabel + " was removed (it was " + ttlLabel + "=" + oldTtl
                        + "): a CI namespace keeps its lifetime, keep it or change it, e.g. " + ttlLabel + "=" + example(settings));
            }
            if (CiScope.matchesSelector(settings, old.labels()) && !CiScope.matchesSelector(settings, object.labels())) {
                violations.add("the labels of the CI selector " + settings.selector() + " were removed or changed:"
                        + " that would take the namespace out of the janitor's scope, keep them, e.g. " + settings.selector());
            }
        }
        String profile = object.label(ProductKeys.PROFILE);
        boolean profileChosen = becomesCi || (exempt && !Objects.equals(profile, old == null ? null : old.label(ProductKeys.PROFILE)));
        if (isCi && profile != null && profileChosen && !policy.profiles().contains(profile)) {
            violations.add("label " + ProductKeys.PROFILE + "=" + profile + " names no baseline profile, use one of "
                    + new TreeSet<>(policy.profiles()) + ", e.g. " + ProductKeys.PROFILE + "=default");
        }
        if (becomesCi && policy.maxNamespaces() > 0) {
            if (!cluster.synced()) {
                warnings.add("webhook.max-namespaces (" + policy.maxNamespaces() + ") was not checked: the namespace cache"
                        + " has not synced with the API server yet");
            } else if (cluster.activeCiNamespaces() >= policy.maxNamespaces()) {
                violations.add(cluster.activeCiNamespaces() + " CI namespaces exist already, the limit (webhook.max-namespaces)"
                        + " is " + policy.maxNamespaces() + ": delete finished ones or wait for the janitor, then retry");
            }
        }
    }

    /**
     * The labels that decide whether the namespace is a CI namespace after the request: for a non-exempt requester
     * its own labels plus the product labels of the old object (a {@code managed=true} the requester added does not
     * count, it is refused above); for an exempt one the labels as requested.
     */
    private static Map<String, String> scopeLabels(NamespaceView old, NamespaceView object, boolean exempt) {
        if (exempt) {
            return object.labels();
        }
        Map<String, String> labels = new HashMap<>(object.labels());
        labels.keySet().removeIf(ProductKeys::isProductKey);
        if (old != null) {
            labels.putAll(ProductKeysRule.productEntries(old.labels()));
        }
        return labels;
    }

    /** Why this ttl label is not acceptable, empty when it is. */
    static Optional<String> ttlProblem(String name, String ttl, CiSettings settings) {
        String label = settings.ttlLabel();
        if (ttl == null) {
            if (settings.defaultTtl().isPresent()) {
                return Optional.empty();
            }
            return Optional.of("label " + label + " is missing: a CI namespace (selector " + settings.selector()
                    + ") needs a lifetime between " + Ttl.format(settings.minTtl()) + " and " + Ttl.format(settings.maxTtl())
                    + ", e.g. kubectl label namespace " + (name == null || name.isEmpty() ? "<name>" : name) + " "
                    + label + "=" + example(settings));
        }
        Duration parsed;
        try {
            parsed = Ttl.parse(ttl);
        } catch (InvalidTtlException e) {
            return Optional.of("label " + label + "=\"" + ttl + "\": " + e.getMessage());
        }
        if (parsed.compareTo(settings.minTtl()) < 0 || parsed.compareTo(settings.maxTtl()) > 0) {
            return Optional.of("label " + label + "=" + ttl + " is " + (parsed.compareTo(settings.minTtl()) < 0
                    ? "shorter than min-ttl " + Ttl.format(settings.minTtl()) : "longer than max-ttl " + Ttl.format(settings.maxTtl()))
                    + ": use a value between " + Ttl.format(settings.minTtl()) + " and " + Ttl.format(settings.maxTtl())
                    + ", e.g. " + label + "=" + example(settings));
        }
        return Optional.empty();
    }

    /** 24h, or the nearest bound when 24h is not allowed. */
    static String example(CiSettings settings) {
        Duration day = Duration.ofHours(24);
        if (day.compareTo(settings.minTtl()) < 0) {
            return Ttl.format(settings.minTtl());
        }
        if (day.compareTo(settings.maxTtl()) > 0) {
            return Ttl.format(settings.maxTtl());
        }
        return "24h";
    }

    private static String shown(String value) {
        return value == null ? "absent" : "\"" + value + "\"";
    }
}
