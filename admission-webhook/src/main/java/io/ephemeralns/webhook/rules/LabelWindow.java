package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import java.time.Instant;
import java.util.Optional;

/**
 * When a namespace may still become a CI namespace: at its creation, or by an update within
 * {@code ephemeral-ns.label-window} (default 5m) after its {@code creationTimestamp}, and never while it terminates;
 * otherwise only by an exempt identity.
 *
 * <p>Why: expiry counts from creation, so a namespace that became CI long after it was created would be expired the
 * moment it is labelled, and the janitor would delete it. Anyone allowed to label namespaces could thus have any
 * namespace deleted (a confused deputy). The seed labels right after {@code kubectl create namespace}, well within
 * the window.
 *
 * <p>A request "makes" a namespace CI when the namespace was not admitted before (no {@code ephemeral-ns.io/managed=true})
 * and either the webhook would admit it now (it is not terminating and has the selector's labels or a name matching
 * the name pattern), or it gains the selector's labels (also while terminating: the janitor repairs terminating CI
 * namespaces). A terminating namespace's own updates (the namespace controller's {@code finalize} and {@code status}
 * writes) change no labels and are never refused by this rule.
 */
public final class LabelWindow {

    private LabelWindow() {
    }

    /** True when {@code now} lies after the namespace's creation + label-window; false when the creation is unknown. */
    public static boolean isOver(NamespaceView old, CiSettings settings, Instant now) {
        return old != null && old.created().map(created -> now.isAfter(created.plus(settings.labelWindow()))).orElse(false);
    }

    /** True when this UPDATE would make a namespace that was not admitted before a CI namespace. */
    public static boolean makesCi(NamespaceView old, NamespaceView object, CiSettings settings) {
        if (old == null || CiScope.isManaged(old.labels()) || CiScope.isProtected(settings, object.name())) {
            return false;
        }
        boolean wouldAdmit = !object.isTerminating() && (CiScope.matchesSelector(settings, object.labels())
                || settings.namePattern().map(pattern -> object.name() != null && pattern.matcher(object.name()).find()).orElse(false));
        boolean gainsSelector = !CiScope.matchesSelector(settings, old.labels()) && CiScope.matchesSelector(settings, object.labels());
        return wouldAdmit || gainsSelector;
    }

    /** Why this update is refused, empty when the rule allows it (at CREATE {@code old} is null: always allowed). */
    public static Optional<String> refusal(NamespaceView old, NamespaceView object, boolean exempt, CiSettings settings,
            Instant now) {
        if (exempt || !makesCi(old, object, settings)) {
            return Optional.empty();
        }
        String name = object.name() == null || object.name().isEmpty() ? "<name>" : object.name();
        if (old.isTerminating()) {
            // a namespace being deleted has no use for the CI labels, and a janitor trusting them would repair it
            return Optional.of("namespace " + name + " is being deleted (since "
                    + old.deleting().map(Timestamps::format).orElse("?") + ") and cannot become a CI namespace (selector "
                    + settings.selector() + "): create a new namespace with the labels instead");
        }
        if (!isOver(old, settings, now)) {
            return Optional.empty();
        }
        String window = Ttl.format(settings.labelWindow());
        String scope = "selector " + settings.selector()
                + settings.namePattern().map(pattern -> ", or name pattern " + pattern.pattern()).orElse("");
        return Optional.of("namespace " + name + " was created at " + Timestamps.format(old.created().orElseThrow())
                + " and a namespace becomes a CI namespace (" + scope + ") only at its creation or within " + window
                + " after it (ephemeral-ns.label-window): its lifetime counts from creation, so it would expire at once."
                + " Create a new namespace with the labels instead, at creation or within " + window + ", e.g. kubectl create"
                + " namespace <new-name> && kubectl label namespace <new-name> " + settings.selector() + " "
                + settings.ttlLabel() + "=" + NamespaceChecks.example(settings));
    }
}
