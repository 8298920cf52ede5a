package io.ephemeralns.janitor.sleep;

import java.util.Locale;

/** The kinds a sleep scales to zero: both have {@code spec.replicas} and a {@code scale} subresource in {@code apps/v1}. */
public enum WorkloadKind {
    DEPLOYMENT,
    STATEFULSET;

    /** The name in a {@link SleepRecord} ({@code deployment}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
