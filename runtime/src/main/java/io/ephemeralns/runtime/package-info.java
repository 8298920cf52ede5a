/**
 * What the janitor and the admission webhook share beyond the pure domain of {@code io.ephemeralns.common}: the
 * {@code ephemeral-ns.*} configuration mapping ({@link io.ephemeralns.runtime.SharedConfig}) with the converter of
 * the TTL grammar that every duration setting uses ({@link io.ephemeralns.runtime.TtlConverter}), the resolution of
 * the namespace a program runs in ({@link io.ephemeralns.runtime.OwnNamespace}), and the one Lease-based leader
 * election ({@link io.ephemeralns.runtime.LeaseLeadership}).
 *
 * <p>No CDI beans: each program builds what it needs from these once, in its own configuration producer.
 */
package io.ephemeralns.runtime;
