package io.ephemeralns.janitor.report;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CI namespaces as the last sweep saw them, served by {@code GET /namespaces} so that the report never lists
 * the cluster on request (a loop of requests would otherwise be a loop of full listings). A replica that does
 * not sweep (not the leader) lists at most once per {@code janitor.interval}, however often it is asked.
 */
@ApplicationScoped
public class ReportSnapshot {

    /**
     * One snapshot.
     *
     * @param takenAt    when the namespaces were listed (the sweep's time)
     * @param source     {@code sweep} or {@code listing} (a replica that does not sweep)
     * @param namespaces the CI namespaces in the janitor's scope, by name
     */
    public record Snapshot(Instant takenAt, String source, List<NamespaceReport> namespaces) {
    }

    private volatile Snapshot latest;

    /** Stores what a sweep saw. */
    public void sweep(Instant takenAt, List<NamespaceReport> namespaces) {
        latest = new Snapshot(takenAt, "sweep", List.copyOf(namespaces));
    }

    /** The latest snapshot, or null before the first. */
    public Snapshot latest() {
        return latest;
    }

    /**
     * The latest snapshot when it was taken after {@code notBefore}; otherwise a new one from {@code listing},
     * one caller at a time (the others wait and get that one).
     */
    public synchronized Snapshot atLeast(Instant notBefore, Instant now, Supplier<List<NamespaceReport>> listing) {
        Snapshot current = latest;
        if (current != null && !current.takenAt().isBefore(notBefore)) {
            return current;
        }
        Snapshot listed = new Snapshot(now, "listing", List.copyOf(listing.get()));
        latest = listed;
        return listed;
    }
}
