package io.ephemeralns.janitor;

import io.ephemeralns.common.NamespaceStatus;
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
 * {@code GET /namespaces}: every CI namespace in the janitor's scope with its state, age, TTL, expiry,
 * branch and commit, read live from the API server and classified by the same rule the sweep uses.
 * It never changes anything.
 */
@Path("/namespaces")
public class NamespacesResource {

    private final NamespaceLister lister;
    private final JanitorSettings settings;
    private final Clock clock;

    public NamespacesResource(NamespaceLister lister, JanitorSettings settings, Clock clock) {
        this.lister = lister;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<NamespaceReport> list() {
        Instant now = clock.instant();
        SweepPlanner planner = new SweepPlanner(settings.shared(), settings.policy());
        List<NamespaceStatus> statuses = new ArrayList<>();
        lister.scan(namespace -> planner.classify(namespace, now).ifPresent(statuses::add), statuses::clear);
        return statuses.stream()
                .sorted(Comparator.comparing(status -> status.namespace().name()))
                .map(status -> NamespaceReport.of(status, settings.shared().ttlLabel(), settings.shared().keepLabel(), now))
                .toList();
    }
}
