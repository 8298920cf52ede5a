package io.ephemeralns.janitor.stuck;

import java.util.Locale;

/** What the janitor may do about a stuck namespace ({@code janitor.stuck.repair}). */
public enum RepairMode {
    /** diagnose only: annotation, Event, log, metrics. */
    REPORT,
    /** also remove the finalizers of remaining objects that have been deleting for longer than stuck-after. */
    FINALIZERS,
    /** also clear the namespace's own finalizers through /finalize once it has been stuck for force-after. */
    FORCE;

    /** Parses {@code report}, {@code finalizers} or {@code force}; the message names the accepted values. */
    public static RepairMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("janitor.stuck.repair=\"" + text + "\" is not valid: use report, finalizers or force");
        }
    }
}
