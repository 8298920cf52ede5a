package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.InvalidTtlException;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The checks of a Namespace CREATE or UPDATE, one small function each, in the order their violations are numbered
 * in the refusal ({@link NamespaceValidation} explains each rule and why).
 */
public final class NamespaceChecks {

    /** Every check, all evaluated, in message order. */
    public static final List<Check<NamespaceFacts>> ALL = List.of(
            new Check<>("becomes CI only within the label window", NamespaceChecks::labelWindow),
            new Check<>("product keys are the product's", NamespaceChecks::productKeys),
            new Check<>("an extension request can be granted", NamespaceChecks::extension),
            new Check<>("ttl is valid and within bounds", NamespaceChecks::ttlValid),
            new Check<>("ttl is not removed", NamespaceChecks::ttlKept),
            new Check<>("selector labels are kept", NamespaceChecks::selectorKept),
            new Check<>("profile exists", NamespaceChecks::profileKnown),
            new Check<>("CI namespaces stay under max-namespaces", NamespaceChecks::capacity));

    private NamespaceChecks() {
    }

    /** A namespace becomes CI only at its creation or within the label window ({@link LabelWindow}). */
    static Findings labelWindow(NamespaceFacts facts) {
        return Findings.violation(LabelWindow.refusal(facts.old(), facts.object(), facts.exempt(), facts.settings(), facts.now()));
    }

    /** A non-exempt request leaves the product's keys as the product computes them ({@link ProductKeysRule}). */
    static Findings productKeys(NamespaceFacts facts) {
        if (facts.exempt()) {
            return Findings.none();
        }
        List<ProductKeysRule.KeyChange> changes = ProductKeysRule.overrides(facts.old(), facts.object(),
                ProductKeysRule.compute(facts.change().create(), facts.old(), facts.object(), facts.change().requester(), false,
                        facts.settings(), facts.now()));
        List<String> violations = new ArrayList<>();
        changes.forEach(change -> violations.add(change.describe()));
        if (!changes.isEmpty()) {
            violations.add(ProductKeysRule.advice(changes));
        }
        return Findings.violations(violations);
    }

    /** An extension request that reaches validation was refused by the rule ({@link ExtensionRule}): say why. */
    static Findings extension(NamespaceFacts facts) {
        ExtensionRule.Outcome outcome = ExtensionRule.decide(facts.change().create(), facts.old(), facts.object(),
                facts.change().requester().user(), facts.settings(), facts.now());
        return outcome.kind() == ExtensionRule.Kind.REFUSED ? Findings.violation(outcome.message()) : Findings.none();
    }

    /** A namespace that becomes CI, or whose ttl changes, needs a valid ttl within [min-ttl, max-ttl]. */
    static Findings ttlValid(NamespaceFacts facts) {
        String ttl = facts.object().label(facts.settings().ttlLabel());
        boolean changed = ttl != null && !ttl.equals(oldLabel(facts, facts.settings().ttlLabel()));
        if (!facts.ciRulesApply() || !facts.isCi() || !(facts.becomesCi() || changed)) {
            return Findings.none();
        }
        return Findings.violation(ttlProblem(facts.object().name(), ttl, facts.settings()));
    }

    /** A non-exempt update may not remove a CI namespace's ttl label. */
    static Findings ttlKept(NamespaceFacts facts) {
        String ttlLabel = facts.settings().ttlLabel();
        String oldTtl = oldLabel(facts, ttlLabel);
        if (!guardsItsScope(facts) || oldTtl == null || facts.object().label(ttlLabel) != null) {
            return Findings.none();
        }
        return Findings.violation("label " + ttlLabel + " was removed (it was " + ttlLabel + "=" + oldTtl
                + "): a CI namespace keeps its lifetime, keep it or change it, e.g. " + ttlLabel + "=" + example(facts.settings()));
    }

    /** A non-exempt update may not remove or change the labels of the CI selector. */
    static Findings selectorKept(NamespaceFacts facts) {
        CiSettings settings = facts.settings();
        if (!guardsItsScope(facts) || !CiScope.matchesSelector(settings, facts.old().labels())
                || CiScope.matchesSelector(settings, facts.object().labels())) {
            return Findings.none();
        }
        return Findings.violation("the labels of the CI selector " + settings.selector() + " were removed or changed:"
                + " that would take the namespace out of the janitor's scope, keep them, e.g. " + settings.selector());
    }

    /** The profile must exist when it is chosen: at admission, or when an exempt user changes it. */
    static Findings profileKnown(NamespaceFacts facts) {
        String profile = facts.object().label(ProductKeys.PROFILE);
        boolean chosen = facts.becomesCi()
                || (facts.exempt() && !Objects.equals(profile, oldLabel(facts, ProductKeys.PROFILE)));
        if (!facts.ciRulesApply() || !facts.isCi() || profile == null || !chosen || facts.policy().profiles().contains(profile)) {
            return Findings.none();
        }
        return Findings.violation("label " + ProductKeys.PROFILE + "=" + profile + " names no baseline profile, use one of "
                + new TreeSet<>(facts.policy().profiles()) + ", e.g. " + ProductKeys.PROFILE + "=default");
    }

    /** Back-pressure: a new CI namespace is refused when max-namespaces exist; unchecked (with a warning) before sync. */
    static Findings capacity(NamespaceFacts facts) {
        int max = facts.policy().maxNamespaces();
        if (!facts.ciRulesApply() || !facts.becomesCi() || max <= 0) {
            return Findings.none();
        }
        if (!facts.cluster().synced()) {
            return Findings.warning("webhook.max-namespaces (" + max + ") was not checked: the namespace cache"
                    + " has not synced with the API server yet");
        }
        int active = facts.cluster().activeCiNamespaces();
        if (active < max) {
            return Findings.none();
        }
        return Findings.violation(active + " CI namespaces exist already, the limit (webhook.max-namespaces) is " + max
                + ": delete finished ones or wait for the janitor, then retry");
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

    /**
     * True when a non-exempt UPDATE of a CI namespace may not take it out of the janitor's scope (the exempt users,
     * the product's service accounts and {@code system:masters}, may).
     */
    private static boolean guardsItsScope(NamespaceFacts facts) {
        return facts.ciRulesApply() && facts.old() != null && facts.wasCi() && !facts.exempt();
    }

    private static String oldLabel(NamespaceFacts facts, String key) {
        return facts.old() == null ? null : facts.old().label(key);
    }
}
