package io.ephemeralns.janitor.plan;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A warning the janitor gives {@code janitor.warn.before} ahead of a namespace's deletion ({@link SweepPlanner#warning}):
 * a {@code Warning} Event {@value #REASON}, the annotation {@link ProductKeys#DELETION_PLANNED_AT} and, when configured,
 * a JSON POST. Given once per planned deletion time: the annotation records which one was warned of.
 *
 * @param name       the namespace
 * @param uid        its UID (the annotation's patch carries it, so a namespace re-created under the name is never marked)
 * @param deletionAt when the janitor plans to delete it (its expiry, keep and max-lifetime included)
 * @param reason     the expiry's basis tag ({@code ttl}, {@code max-lifetime}, {@code teardown}, ...)
 * @param labels     the pipeline's labels that say whose namespace it is ({@link #LABELS}), those present
 */
public record Warning(String name, String uid, Instant deletionAt, String reason, Map<String, String> labels) {

    /** Reason of the Event. */
    public static final String REASON = "ExpiringSoon";
    /** The pipeline labels a warning carries, when present (see docs/contract.md). */
    public static final List<String> LABELS = List.of("branch", "commit", "repository", "pull-request");

    public Warning {
        labels = Map.copyOf(labels);
    }

    static Warning of(NamespaceView namespace, Instant deletionAt, String reason) {
        Map<String, String> labels = new TreeMap<>();
        for (String key : LABELS) {
            if (namespace.label(key) != null) {
                labels.put(key, namespace.label(key));
            }
        }
        return new Warning(namespace.name(), namespace.uid(), deletionAt, reason, labels);
    }

    /** True when the namespace's annotation already records a warning of this deletion time (a malformed one does not). */
    static boolean given(NamespaceView namespace, Instant deletionAt) {
        return Timestamps.format(deletionAt).equals(namespace.annotation(ProductKeys.DELETION_PLANNED_AT));
    }

    /** The Event's message: when, why, and what a person can do about it. */
    public String message(String keepLabel) {
        return "namespace " + name + " will be deleted at " + Timestamps.format(deletionAt) + " (reason " + reason
                + ", branch " + labels.getOrDefault("branch", "-") + "); to keep it: kubectl label namespace " + name + " "
                + keepLabel + "=true; for more time: kubectl annotate namespace " + name + " " + ProductKeys.EXTEND + "=4h";
    }
}
