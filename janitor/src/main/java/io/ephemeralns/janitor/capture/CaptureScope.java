package io.ephemeralns.janitor.capture;

import java.util.Map;

/**
 * Which namespaces are captured before deletion: a kept one ({@code keep=true}: a person preserved a failed run) and
 * one whose pipeline asked with the label {@code capture=true}. The label is a pipeline's, like {@code keep}: it is
 * not under {@code ephemeral-ns.io/}, whose keys only the product writes. A value other than {@code true} or
 * {@code false} is malformed: not captured, and said so in the deletion's Event (a typo must not silently cost a
 * pipeline its logs, nor make the janitor guess).
 */
public final class CaptureScope {

    /** The label a pipeline sets to ask for a capture. */
    public static final String LABEL = "capture";

    /** Why a namespace is, or is not, captured. */
    public enum Decision {
        /** {@code keep=true}. */
        KEPT,
        /** {@code capture=true}. */
        ASKED,
        /** Neither. */
        NOT_ASKED,
        /** {@code capture} holds something other than {@code true} or {@code false} (and the namespace is not kept). */
        MALFORMED;

        /** True when the namespace is captured. */
        public boolean captures() {
            return this == KEPT || this == ASKED;
        }
    }

    private CaptureScope() {
    }

    /** Decides from the namespace's labels; {@code keepLabel} is {@code ephemeral-ns.keep-label}. */
    public static Decision decide(Map<String, String> labels, String keepLabel) {
        if ("true".equals(labels.get(keepLabel))) {
            return Decision.KEPT;
        }
        String asked = labels.get(LABEL);
        if (asked == null || asked.equals("false")) {
            return Decision.NOT_ASKED;
        }
        return asked.equals("true") ? Decision.ASKED : Decision.MALFORMED;
    }
}
