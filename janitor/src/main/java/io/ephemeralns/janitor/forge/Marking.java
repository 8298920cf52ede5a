package io.ephemeralns.janitor.forge;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an ending marks a namespace with {@code ephemeral-ns.io/teardown-at}: only a namespace the janitor may act
 * on at all (not protected, in the selector's scope or managed, admitted by the webhook unless
 * {@code janitor.require-admission=false}), not already terminating, that carries every label of the ending, and whose
 * {@code teardown-at} is absent, unreadable or later (a second delivery never postpones a teardown). Whether the
 * namespace is kept does not matter here: {@link io.ephemeralns.common.Expiry} lets {@code keep=true} win, and
 * removing {@code keep} later lets the teardown proceed.
 */
public final class Marking {

    /** The verdict for one namespace. */
    public enum Verdict {
        /** mark it. */
        MARK,
        /** out of the janitor's scope, not admitted, or protected. */
        OUT_OF_SCOPE,
        /** already being deleted. */
        TERMINATING,
        /** does not carry the ending's labels. */
        OTHER_LABELS,
        /** already marked for the same or an earlier time. */
        ALREADY_MARKED;

        /** For logs: {@code out of scope}, {@code already marked}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private Marking() {
    }

    /** The verdict for {@code namespace}, to be torn down at {@code teardownAt}. */
    public static Verdict of(NamespaceView namespace, Ending ending, Instant teardownAt, CiSettings settings,
            boolean requireAdmission) {
        if (!CiScope.janitorMayAct(settings, namespace)
                || Admission.of(namespace, requireAdmission) != Admission.Verdict.ADMITTED) {
            return Verdict.OUT_OF_SCOPE;
        }
        if (namespace.isTerminating()) {
            return Verdict.TERMINATING;
        }
        for (Map.Entry<String, String> label : ending.labels().entrySet()) {
            if (!Objects.equals(namespace.label(label.getKey()), label.getValue())) {
                return Verdict.OTHER_LABELS;
            }
        }
        boolean earlier = Timestamps.parse(namespace.annotation(ProductKeys.TEARDOWN_AT))
                .map(at -> !at.isAfter(teardownAt)).orElse(false);
        return earlier ? Verdict.ALREADY_MARKED : Verdict.MARK;
    }
}
