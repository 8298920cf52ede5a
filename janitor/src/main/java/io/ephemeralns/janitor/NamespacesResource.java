package io.ephemeralns.janitor;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.report.NamespaceReport;
import io.ephemeralns.janitor.report.ReportSnapshot;
import io.ephemeralns.janitor.storage.StorageReport;
import io.ephemeralns.janitor.storage.StorageSnapshot;
import io.ephemeralns.janitor.watch.CacheOrListing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /namespaces}: every CI namespace in the janitor's scope with its state, age, TTL, expiry, branch and
 * commit, as classified by the last sweep ({@link ReportSnapshot}), with the time of that sweep. A replica that does
 * not sweep reports from its watch-fed cache, or lists the namespaces itself, at most once per two intervals. With
 * {@code janitor.storage}, also the leaked volumes the last scan found ({@code volumes}). It never changes anything.
 */
@Path("/namespaces")
public class NamespacesResource {

    /**
     * The report.
     *
     * @param sweptAt    RFC 3339 time at which the namespaces were listed; states and ages are as of then
     * @param source     {@code sweep} (the last sweep's) or {@code listing} (a replica that does not sweep)
     * @param namespaces the CI namespaces, by name
     * @param volumes    the leaked volumes as of the last scan of {@code janitor.storage}; null while that is off, before
     *                   its first scan, and on a replica that does not scan
     */
    public record Report(String sweptAt, String source, List<NamespaceReport> namespaces, StorageReport volumes) {
    }

    private final CacheOrListing namespaces;
    private final SweepPlanner planner;
    private final JanitorSettings settings;
    private final Clock clock;
    private final ReportSnapshot snapshots;
    private final StorageSnapshot storage;

    public NamespacesResource(CacheOrListing namespaces, SweepPlanner planner, JanitorSettings settings, Clock clock,
            ReportSnapshot snapshots, StorageSnapshot storage) {
        this.namespaces = namespaces;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
        this.snapshots = snapshots;
        this.storage = storage;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Report list() {
        Instant now = clock.instant();
        ReportSnapshot.Snapshot snapshot = snapshots.atLeast(now.minus(settings.interval().multipliedBy(2)), now,
                () -> listNow(now));
        return new Report(Timestamps.format(snapshot.takenAt()), snapshot.source(), snapshot.namespaces(),
                storage.latest());
    }

    private List<NamespaceReport> listNow(Instant now) {
        List<NamespaceReport> reports = new ArrayList<>();
        namespaces.scan(namespace -> planner.report(namespace, now).ifPresent(reports::add), reports::clear);
        reports.sort(Comparator.comparing(NamespaceReport::name));
        return reports;
    }
}
