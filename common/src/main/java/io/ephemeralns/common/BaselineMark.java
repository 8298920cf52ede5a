package io.ephemeralns.common;

/**
 * The namespace annotation {@code ephemeral-ns.io/baseline=applied} ({@link ProductKeys#BASELINE}): set by the
 * webhook once every object of the namespace's baseline profile exists, read by pipelines (wait for it before
 * deploying) and by strict mode ({@code webhook.require-baseline}), which refuses pods until it is set.
 */
public final class BaselineMark {

    /** The annotation's only value. */
    public static final String APPLIED = "applied";

    private BaselineMark() {
    }

    /** True when the namespace carries {@code ephemeral-ns.io/baseline=applied}. */
    public static boolean isApplied(NamespaceView namespace) {
        return APPLIED.equals(namespace.annotation(ProductKeys.BASELINE));
    }
}
