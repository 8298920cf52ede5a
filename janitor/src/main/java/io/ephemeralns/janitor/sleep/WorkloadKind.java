package io.ephemeralns.janitor.sleep;

import java.util.Locale;
import java.util.Optional;

/** The kinds a sleep scales to zero: both have {@code spec.replicas} and a {@code scale} subresource in {@code apps/v1}. */
public enum WorkloadKind {
    DEPLOYMENT("deployments"),
    STATEFULSET("statefulsets");

    private final String plural;

    WorkloadKind(String plural) {
        this.plural = plural;
    }

    /** The resource name in {@code apps/v1} ({@code deployments}). */
    public String plural() {
        return plural;
    }

    /** The name in a {@link SleepRecord} ({@code deployment}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a {@link #tag()}, empty for anything else. */
    public static Optional<WorkloadKind> ofTag(String tag) {
        for (WorkloadKind kind : values()) {
            if (kind.tag().equals(tag)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
