package io.ephemeralns.janitor.plan;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.report.NamespaceReport;

/**
 * A planned deletion of an expired CI namespace.
 *
 * @param status the namespace as classified when the plan was made (its UID guards the delete)
 * @param reason the {@code reason} tag: which rule made it expire (see {@link io.ephemeralns.common.ExpiryBasis})
 */
public record Deletion(NamespaceStatus status, String reason) {

    /** The namespace's name. */
    public String name() {
        return status.namespace().name();
    }

    /** The namespace's UID at planning time. */
    public String uid() {
        return status.namespace().uid();
    }

    /** The human-readable account of the deletion, shared by the Event and the log line. */
    public String describe() {
        String ttl = status.expiry().ttl().map(Ttl::format).orElse("none");
        String age = status.age().map(NamespaceReport::age).orElse("unknown");
        String expiredAt = status.expiry().expiresAt().map(Timestamps::format).orElse("unknown");
        return "namespace " + name() + " expired (reason " + reason + ", ttl " + ttl + ", expired at " + expiredAt
                + ", age " + age + ", branch " + orNone(status.namespace().label("branch"))
                + ", commit " + orNone(status.namespace().label("commit")) + ")";
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
