package io.ephemeralns.webhook.events;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Extended} Event of a namespace whose extension the mutating webhook granted: a new
 * {@code ephemeral-ns.io/extended-at} on an active CI namespace, seen as a change of the namespace (never at a
 * first sight, so that a restart does not repeat old Events).
 *
 * @param namespace the namespace's name
 * @param uid       its UID
 * @param name      the Event's name: the same on every replica for the same extension, so that it is recorded once
 *                  (the API server refuses the second create)
 * @param at        when the extension was granted
 * @param message   who extended, for how long, the new expiry, the branch and commit
 */
public record ExtendedEvent(String namespace, String uid, String name, Instant at, String message) {

    /** The Event's reason. */
    public static final String REASON = "Extended";

    /** The Event for this change of a namespace, if it granted an extension. */
    public static Optional<ExtendedEvent> of(CiSettings settings, NamespaceView before, NamespaceView after) {
        String extendedAt = after.annotation(ProductKeys.EXTENDED_AT);
        Optional<Instant> at = Timestamps.parse(extendedAt);
        if (at.isEmpty() || Objects.equals(extendedAt, before.annotation(ProductKeys.EXTENDED_AT))
                || !ActiveCiNamespace.is(settings, after)) {
            return Optional.empty();
        }
        String message = "extended by " + after.annotation(ProductKeys.EXTENDED_BY) + " for "
                + after.annotation(ProductKeys.EXTENDED_FOR) + " at " + extendedAt + ": expires at "
                + after.annotation(ProductKeys.EXPIRES_AT) + " (branch " + orNone(after.label("branch")) + ", commit "
                + orNone(after.label("commit")) + ")";
        return Optional.of(new ExtendedEvent(after.name(), after.uid(),
                after.name() + ".extended." + at.get().getEpochSecond(), at.get(), message));
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
