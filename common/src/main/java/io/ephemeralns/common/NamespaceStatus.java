package io.ephemeralns.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A CI namespace classified at an instant: its state, its expiry and its age.
 *
 * @param namespace the namespace
 * @param state     its state at {@code now}
 * @param expiry    the expiry rule's result
 * @param age       time since creation, empty when the creation time is unknown
 */
public record NamespaceStatus(NamespaceView namespace, NamespaceState state, Expiry expiry, Optional<Duration> age) {

    /**
     * Classifies a namespace. Precedence: terminating (stuck once it has been so for longer than
     * {@code stuckAfter}), then expired (at or past expiry), then kept (only {@code keep=true} holds it),
     * then no_ttl, then active.
     */
    public static NamespaceStatus classify(NamespaceView namespace, CiSettings settings, Duration stuckAfter, Instant now) {
        Expiry expiry = Expiry.of(namespace, settings);
        Optional<Duration> age = namespace.created().map(created -> nonNegative(Duration.between(created, now)));
        return new NamespaceStatus(namespace, state(namespace, expiry, stuckAfter, now), expiry, age);
    }

    /** How long the namespace has been terminating, empty when it is not. */
    public Optional<Duration> terminatingFor(Instant now) {
        return namespace.deleting().map(since -> nonNegative(Duration.between(since, now)));
    }

    private static NamespaceState state(NamespaceView namespace, Expiry expiry, Duration stuckAfter, Instant now) {
        if (namespace.deleting().isPresent()) {
            Instant since = namespace.deleting().get();
            return Duration.between(since, now).compareTo(stuckAfter) > 0 ? NamespaceState.STUCK : NamespaceState.TERMINATING;
        }
        if (expiry.isDue(now)) {
            return NamespaceState.EXPIRED;
        }
        if (expiry.basis() == ExpiryBasis.KEEP) {
            return NamespaceState.KEPT;
        }
        if (!expiry.hasTtl()) {
            return NamespaceState.NO_TTL;
        }
        return NamespaceState.ACTIVE;
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
