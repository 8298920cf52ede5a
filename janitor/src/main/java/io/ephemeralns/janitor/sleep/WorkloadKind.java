package io.ephemeralns.janitor.sleep;

import java.util.Locale;

/** The kinds a sleep scales to zero: both have {@code spec.replicas} and a {@code scale} subresource in {@code apps/v1}. */
public enum WorkloadKind {
    DEPLOYMENT,
    STATEFULSET;

    /** The resource name in {@code apps/v1} ({@code deployments}, {@code statefulsets}). */
    public String plural() {
        return tag() + "s";
    }

    /** The name in a {@link SleepRecord} ({@code deployment}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
