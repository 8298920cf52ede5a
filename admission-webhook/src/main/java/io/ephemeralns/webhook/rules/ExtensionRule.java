package io.ephemeralns.webhook.rules;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Expiry;
import io.ephemeralns.common.InvalidTtlException;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * An extension of a CI namespace's life: the request annotation {@code ephemeral-ns.io/extend=<duration>}
 * ({@code kubectl annotate namespace X ephemeral-ns.io/extend=4h}), which anyone who may update the namespace may set,
 * pipelines included. The mutating webhook consumes it in the same request and stamps:
 * <ul>
 *   <li>{@code expires-at} = min(now + duration, creation + max-lifetime), which the expiry rule then reads instead of
 *       creation + ttl ({@link Expiry});</li>
 *   <li>{@code extended-at} (now), {@code extended-by} (the requester's username), {@code extended-for} (the
 *       duration).</li>
 * </ul>
 *
 * <p>Decisions, and why:
 * <ul>
 *   <li>The duration follows the ttl label's rule: the TTL grammar, within [min-ttl, max-ttl]; anything else is
 *       refused with what is accepted, as a ttl would be. One request never grants more than one ttl could.</li>
 *   <li>Beyond max-lifetime the grant is clamped to creation + max-lifetime, with a warning: the requester cannot
 *       easily know the namespace's age, the request is well-formed, and a pipeline that renews on every deploy must
 *       not start failing near the end of the namespace's life. The bound itself never moves.</li>
 *   <li>An extension never shortens: when the namespace already lives at least as long (its ttl, an earlier
 *       extension, keep), the request is consumed with a warning and nothing else changes; so renewing is idempotent.</li>
 *   <li>Only an admitted, live CI namespace ({@code managed=true}, not terminating) can be extended, and not at its
 *       creation (the ttl label says the lifetime then): every other request is refused, so a namespace the product
 *       does not manage is left untouched.</li>
 *   <li>Re-labelling {@code ttl} stays what it was (creation + ttl, bounded by max-ttl) and ends an extension: the
 *       latest request wins ({@link ProductKeysRule}).</li>
 * </ul>
 * The stamps are product keys: nobody writes them directly (the guard of {@link ProductKeysRule} resets and refuses
 * them). Because the request is consumed by the mutating webhook, the validating webhook (and a reinvocation of the
 * mutating one) sees only the stamps; {@link #replay} accepts them when they are exactly what granting their
 * {@code extended-for} to this requester at their {@code extended-at}, within
 * {@link ProductKeysRule#REINVOCATION_TOLERANCE} of now, gives.
 */
public final class ExtensionRule {

    /** What becomes of a request. */
    public enum Kind {
        /** No request in the object. */
        NONE,
        /** Refused: the request stays in the object so that the validating webhook denies it with {@code message}. */
        REFUSED,
        /** Consumed without effect: the namespace lives at least as long already; {@code message} is a warning. */
        UNCHANGED,
        /** Granted: the request is replaced with {@code stamps}; {@code message} is a warning when it was clamped. */
        GRANTED
    }

    /**
     * The outcome of a request.
     *
     * @param kind    what becomes of it
     * @param request the request's value, null for {@link Kind#NONE}
     * @param message the refusal ({@link Kind#REFUSED}) or a warning; empty when there is nothing to say
     * @param stamps  the annotations a granted extension writes, empty otherwise
     */
    public record Outcome(Kind kind, String request, Optional<String> message, Map<String, String> stamps) {
        public Outcome {
            stamps = Map.copyOf(stamps);
        }

        static Outcome none() {
            return new Outcome(Kind.NONE, null, Optional.empty(), Map.of());
        }
    }

    private ExtensionRule() {
    }

    /**
     * The outcome of the request in {@code object}, if it is new in this request (a request already stored, which only
     * a request admitted while no webhook ran can leave, is stale: it grants nothing and is removed).
     *
     * @param create    true at CREATE
     * @param old       the namespace before the request, null at CREATE
     * @param object    the namespace as requested
     * @param requester the requester's username, recorded in {@code extended-by}
     */
    public static Outcome decide(boolean create, NamespaceView old, NamespaceView object, String requester,
            CiSettings settings, Instant now) {
        String request = object.annotation(ProductKeys.EXTEND);
        if (request == null || (old != null && request.equals(old.annotation(ProductKeys.EXTEND)))) {
            return Outcome.none(); // none, or one stored while no webhook ran: stale, removed without effect
        }
        String name = object.name() == null || object.name().isEmpty() ? "<namespace>" : object.name();
        String asked = "annotation " + ProductKeys.EXTEND + "=\"" + request + "\"";
        if (create || old == null) {
            return refused(request, asked + " extends an existing CI namespace: at creation, give its lifetime with the label "
                    + settings.ttlLabel() + ", e.g. " + settings.ttlLabel() + "=24h");
        }
        if (old.isTerminating() || object.isTerminating()) {
            return refused(request, asked + ": namespace " + name + " is terminating, it cannot be extended");
        }
        if (!CiScope.isManaged(old.labels())) {
            return refused(request, asked + ": namespace " + name + " is not a CI namespace admitted by ephemeral-ns"
                    + " (it has no label " + ProductKeys.MANAGED + "=true), so it has no lifetime to extend: remove the annotation");
        }
        Duration duration;
        try {
            duration = Ttl.parse(request);
        } catch (InvalidTtlException e) {
            return refused(request, asked + " is not a duration: " + Ttl.ACCEPTED + ", between "
                    + Ttl.format(settings.minTtl()) + " and " + Ttl.format(settings.maxTtl()));
        }
        if (duration.compareTo(settings.minTtl()) < 0 || duration.compareTo(settings.maxTtl()) > 0) {
            return refused(request, asked + " is " + (duration.compareTo(settings.minTtl()) < 0
                    ? "shorter than min-ttl " + Ttl.format(settings.minTtl()) : "longer than max-ttl " + Ttl.format(settings.maxTtl()))
                    + ": ask for a duration between " + Ttl.format(settings.minTtl()) + " and " + Ttl.format(settings.maxTtl())
                    + " from now, e.g. " + ProductKeys.EXTEND + "=" + NamespaceChecks.example(settings));
        }
        return grant(old, name, request, duration, requester, settings, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The stamps of an extension granted earlier in this request, when {@code object} carries them: a new
     * {@code extended-at} within the tolerance of {@code now}, and stamps equal to what granting its
     * {@code extended-for} to {@code requester} at that instant gives. Empty otherwise (then they are the requester's
     * own writes, which the guard resets and refuses).
     */
    public static Optional<Map<String, String>> replay(NamespaceView old, NamespaceView object, String requester,
            CiSettings settings, Instant now) {
        String at = object.annotation(ProductKeys.EXTENDED_AT);
        if (old == null || object.annotation(ProductKeys.EXTEND) != null || at == null
                || at.equals(old.annotation(ProductKeys.EXTENDED_AT))) {
            return Optional.empty();
        }
        Optional<Instant> stamped = Timestamps.parse(at)
                .filter(instant -> Duration.between(instant, now).abs().compareTo(ProductKeysRule.REINVOCATION_TOLERANCE) <= 0);
        Map<String, String> withRequest = new java.util.HashMap<>(object.annotations());
        withRequest.put(ProductKeys.EXTEND, String.valueOf(object.annotation(ProductKeys.EXTENDED_FOR)));
        NamespaceView asked = new NamespaceView(object.name(), object.uid(), object.created(), object.deleting(),
                object.labels(), withRequest);
        Map<String, String> requested = ProductKeysRule.productEntries(object.annotations());
        return stamped.map(instant -> decide(false, old, asked, requester, settings, instant))
                .filter(outcome -> outcome.kind() == Kind.GRANTED)
                .map(Outcome::stamps)
                .filter(stamps -> stamps.entrySet().stream().allMatch(e -> e.getValue().equals(requested.get(e.getKey()))));
    }

    private static Outcome grant(NamespaceView old, String name, String request, Duration duration, String requester,
            CiSettings settings, Instant at) {
        Instant wanted = at.plus(duration);
        Optional<Instant> cap = old.created().map(created -> created.plus(settings.maxLifetime()));
        boolean clamped = cap.isPresent() && wanted.isAfter(cap.get());
        Instant target = clamped ? cap.get() : wanted;
        String bound = cap.map(c -> "max-lifetime " + Ttl.format(settings.maxLifetime()) + " from its creation ends at "
                + Timestamps.format(c)).orElse("");
        Expiry current = Expiry.of(old, settings);
        if (current.expiresAt().isPresent() && !target.isAfter(current.expiresAt().get())) {
            return new Outcome(Kind.UNCHANGED, request, Optional.of("namespace " + name + " already expires at "
                    + Timestamps.format(current.expiresAt().get()) + " (" + current.basis().tag() + "), not before "
                    + Timestamps.format(target) + ": " + ProductKeys.EXTEND + "=" + request + " changed nothing"
                    + (clamped ? " (" + bound + ")" : "")), Map.of());
        }
        Map<String, String> stamps = Map.of(
                ProductKeys.EXPIRES_AT, Timestamps.format(target),
                ProductKeys.EXTENDED_AT, Timestamps.format(at),
                ProductKeys.EXTENDED_BY, requester == null || requester.isEmpty() ? "unknown" : requester,
                ProductKeys.EXTENDED_FOR, Ttl.format(duration));
        Optional<String> warning = clamped
                ? Optional.of(ProductKeys.EXTEND + "=" + request + " was shortened: " + bound + ", namespace " + name
                        + " now expires then")
                : Optional.empty();
        return new Outcome(Kind.GRANTED, request, warning, stamps);
    }

    private static Outcome refused(String request, String message) {
        return new Outcome(Kind.REFUSED, request, Optional.of(message), Map.of());
    }
}
