/**
 * The pure domain of ephemeral-ns, shared by the janitor and the admission webhook.
 *
 * <p>Everything here takes data and, where time matters, an {@link java.time.Instant} {@code now}: no
 * Kubernetes client, no clock, no Quarkus. That keeps the one TTL grammar and the one expiry rule
 * identical in both programs and lets every decision be unit-tested in milliseconds.
 */
package io.ephemeralns.common;
