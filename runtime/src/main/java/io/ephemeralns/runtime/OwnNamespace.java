package io.ephemeralns.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The namespace a program runs in: it is protected like the system namespaces and holds the product's
 * Events and Lease. Taken from {@code ephemeral-ns.own-namespace} when set, else from the service account's
 * namespace file that Kubernetes mounts into every pod, else unknown (a program run outside a cluster).
 * Each program resolves it once, at start-up, and hands the result to everything that needs it.
 */
public final class OwnNamespace {

    /** Where Kubernetes mounts the pod's namespace. */
    public static final Path SERVICE_ACCOUNT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private OwnNamespace() {
    }

    /** Resolves the own namespace; blank configured values count as unset. */
    public static Optional<String> resolve(Optional<String> configured, Path serviceAccountFile) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Optional.of(configured.get().trim());
        }
        try {
            if (Files.isReadable(serviceAccountFile)) {
                String name = Files.readString(serviceAccountFile).trim();
                return name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
