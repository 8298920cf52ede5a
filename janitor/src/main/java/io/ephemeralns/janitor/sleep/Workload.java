package io.ephemeralns.janitor.sleep;

import java.time.Instant;
import java.util.Optional;

/**
 * What a sleep needs to know of one Deployment or StatefulSet, detached from the API object.
 *
 * @param kind            its kind
 * @param name            its name
 * @param resourceVersion its resourceVersion when read: every write the janitor makes to it carries it, so a workload
 *                        changed since is refused (409), read again and decided again
 * @param replicas        {@code spec.replicas} (the API server defaults it to 1)
 * @param lastChange      when it last changed ({@link LastChange}); empty when that cannot be known
 * @param saved           its {@code ephemeral-ns.io/sleep-replicas} annotation, null when absent: informational only,
 *                        a wake never reads a count from it
 */
public record Workload(WorkloadKind kind, String name, String resourceVersion, int replicas, Optional<Instant> lastChange,
        String saved) {

    public Workload {
        lastChange = lastChange == null ? Optional.empty() : lastChange;
    }

    /** {@code deployment/web}: the key of a {@link SleepRecord} entry and of messages. */
    public String ref() {
        return kind.tag() + "/" + name;
    }
}
