package io.ephemeralns.webhook.rules;

import java.util.Optional;

/** The operations of AdmissionReview {@code admission.k8s.io/v1}: one axis of the routing table. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT;

    /** The operation a request names, empty for anything else (such a request meets no rule and is allowed). */
    public static Optional<Operation> parse(String name) {
        for (Operation operation : values()) {
            if (operation.name().equals(name)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
