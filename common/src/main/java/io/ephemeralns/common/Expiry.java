package io.ephemeralns.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The expiry rule of the contract, the only implementation of it:
 *
 * <pre>
 * expiresAt = expires-at annotation, if the namespace was extended (extended-at present) and it is valid
 *           else creationTimestamp + ttl, if the ttl label is valid
 *           else expires-at annotation, if present and valid (a defaulted TTL)
 *           else creationTimestamp + fallback-ttl (empty = never)
 * if keep=true: expiresAt = max(expiresAt, (kept-at or creationTimestamp) + keep-for)
 * expiresAt = min(expiresAt, creationTimestamp + max-lifetime)
 * unless keep=true: expiresAt = min(expiresAt, teardown-at annotation, if present and valid)
 * </pre>
 *
 * <p>{@code teardown-at} (the pull request closed, the branch was deleted) only ever brings an expiry forward, and
 * {@code keep=true} wins over it: a person is debugging that namespace, which keep-for and max-lifetime bound anyway.
 *
 * <p>The max-lifetime cap applies last and to everything, also to namespaces for which the first steps
 * give no expiry: nothing outlives it. A namespace without a creation time cannot be dated; it gets an
 * expiry only from its {@code expires-at} annotation and is otherwise never due.
 *
 * @param expiresAt when the namespace is due, empty for never
 * @param basis     which step of the rule decided it
 * @param source    which of the first steps gave the base expiry (EXTENDED, TTL, DEFAULT_TTL, FALLBACK_TTL or NONE)
 * @param ttl       the valid TTL of the label, if any
 * @param ttlProblem why the label is not a valid TTL (absent or malformed), if it is not
 */
public record Expiry(
        Optional<Instant> expiresAt, ExpiryBasis basis, ExpiryBasis source, Optional<Duration> ttl, Optional<String> ttlProblem) {

    /** Applies the rule to a namespace. */
    public static Expiry of(NamespaceView namespace, CiSettings settings) {
        Optional<Instant> created = namespace.created();
        String ttlText = namespace.label(settings.ttlLabel());
        Optional<Duration> ttl = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (ttlText == null) {
            problem = Optional.of("no " + settings.ttlLabel() + " label");
        } else {
            try {
                ttl = Optional.of(Ttl.parse(ttlText));
            } catch (InvalidTtlException e) {
                problem = Optional.of(e.getMessage());
            }
        }

        Optional<Instant> expiresAt;
        ExpiryBasis basis;
        Optional<Instant> stamped = Timestamps.parse(namespace.annotation(ProductKeys.EXPIRES_AT));
        boolean extended = namespace.annotation(ProductKeys.EXTENDED_AT) != null;
        if (extended && stamped.isPresent()) {
            expiresAt = stamped;
            basis = ExpiryBasis.EXTENDED;
        } else if (ttl.isPresent() && created.isPresent()) {
            expiresAt = Optional.of(created.get().plus(ttl.get()));
            basis = ExpiryBasis.TTL;
        } else if (stamped.isPresent()) {
            expiresAt = stamped;
            basis = ExpiryBasis.DEFAULT_TTL;
        } else if (ttl.isEmpty() && created.isPresent() && settings.fallbackTtl().isPresent()) {
            expiresAt = Optional.of(created.get().plus(settings.fallbackTtl().get()));
            basis = ExpiryBasis.FALLBACK_TTL;
        } else {
            expiresAt = Optional.empty();
            basis = ExpiryBasis.NONE;
        }
        ExpiryBasis source = basis;

        if (isKept(namespace, settings)) {
            Optional<Instant> keptAt = Timestamps.parse(namespace.annotation(ProductKeys.KEPT_AT)).or(() -> created);
            if (keptAt.isPresent()) {
                Instant keptUntil = keptAt.get().plus(settings.keepFor());
                // keep only extends a known expiry: max(never, x) is never, until the cap below
                if (expiresAt.isPresent() && keptUntil.isAfter(expiresAt.get())) {
                    expiresAt = Optional.of(keptUntil);
                    basis = ExpiryBasis.KEEP;
                }
            }
        }

        if (created.isPresent()) {
            Instant cap = created.get().plus(settings.maxLifetime());
            if (expiresAt.isEmpty() || cap.isBefore(expiresAt.get())) {
                expiresAt = Optional.of(cap);
                basis = ExpiryBasis.MAX_LIFETIME;
            }
        }
        Optional<Instant> teardownAt = Timestamps.parse(namespace.annotation(ProductKeys.TEARDOWN_AT));
        if (teardownAt.isPresent() && !isKept(namespace, settings)
                && (expiresAt.isEmpty() || teardownAt.get().isBefore(expiresAt.get()))) {
            expiresAt = teardownAt;
            basis = ExpiryBasis.TEARDOWN;
        }
        return new Expiry(expiresAt, basis, source, ttl, problem);
    }

    /** True when the keep label says {@code true}. */
    public static boolean isKept(NamespaceView namespace, CiSettings settings) {
        return "true".equals(namespace.label(settings.keepLabel()));
    }

    /** True when the namespace is due at {@code now} (at or past its expiry). */
    public boolean isDue(Instant now) {
        return expiresAt.map(at -> !now.isBefore(at)).orElse(false);
    }

    /** True when the expiry rests on a valid TTL: the label's, or one the webhook stamped (defaulted or extended). */
    public boolean hasTtl() {
        return source == ExpiryBasis.TTL || source == ExpiryBasis.DEFAULT_TTL || source == ExpiryBasis.EXTENDED;
    }
}
