package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The account of a deletion, shared by the Event and the log line, and the Event itself
 * (through {@link NamespaceEvents}).
 */
@ApplicationScoped
public class DeletionEvents {

    private final NamespaceEvents events;

    public DeletionEvents(NamespaceEvents events) {
        this.events = events;
    }

    /** The human-readable account of a deletion, shared by the Event and the log line. */
    public static String describe(Deletion deletion) {
        NamespaceStatus status = deletion.status();
        String ttl = status.expiry().ttl().map(Ttl::format).orElse("none");
        String age = status.age().map(DeletionEvents::age).orElse("unknown");
        String expiredAt = status.expiry().expiresAt().map(Timestamps::format).orElse("unknown");
        return "namespace " + deletion.name() + " expired (reason " + deletion.reason() + ", ttl " + ttl
                + ", expired at " + expiredAt + ", age " + age
                + ", branch " + orNone(status.namespace().label("branch"))
                + ", commit " + orNone(status.namespace().label("commit")) + ")";
    }

    /** Records the deletion. */
    public void deleted(Deletion deletion, Instant now) {
        events.record(deletion.name(), deletion.uid(), "Normal", "Deleted", "deleted " + describe(deletion), now);
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** An age in TTL notation ({@code 1h30m}); zero is {@code 0s}. */
    static String age(Duration age) {
        return age.getSeconds() > 0 ? Ttl.format(age) : "0s";
    }
}
