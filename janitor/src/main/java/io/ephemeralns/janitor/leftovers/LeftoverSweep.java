package io.ephemeralns.janitor.leftovers;

import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Failures;
import io.ephemeralns.janitor.act.LeadershipLost;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ClusterObjects;
import io.ephemeralns.janitor.stuck.GroupResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The shell of the cluster-scoped leftovers, at most once per {@code janitor.leftovers.interval}, on the leader only
 * ({@link #sweep}), with the owners remembered by {@link OwnerObservation}: finds the configured resources through
 * discovery, lists their labelled objects (metadata only, label-selected), asks which owners still exist (one GET per owner not in the janitor's cache), asks the
 * {@link LeftoverPlanner}, publishes the counts and the report, and deletes what is due. Each deletion asks the
 * {@link ActionGate} (leadership), takes a token of the janitor's deletion rate limit, reads the object and its owner
 * namespace again, asks the planner again on what it read, and deletes with the object's UID and resourceVersion as
 * preconditions. Dry-run logs {@code DRY-RUN: would delete} and changes nothing. A failure on one object or resource
 * is logged with its name and the listing goes on.
 */
public class LeftoverSweep {

    private static final Logger LOG = Logger.getLogger(LeftoverSweep.class);

    /**
     * What the last listing found, for {@code GET /leftovers}.
     *
     * @param listedAt  when (null before the first listing)
     * @param leftovers the objects that outlived their namespace
     * @param requests  API requests the listing made, deletions included
     * @param deleted   objects deleted (or, in dry-run, that would have been)
     */
    public record Result(Instant listedAt, List<LeftoverPlan.Leftover> leftovers, int requests, int deleted) {
    }

    /**
     * What a listing works with.
     *
     * @param objects   the API access
     * @param discovery finds the configured resources
     * @param resources the configured resources
     * @param planner   the pure decision
     * @param memory    the owner namespaces as the janitor saw them
     * @param gate      leadership, asked before each deletion
     * @param rate      the janitor's deletion rate limit
     * @param dryRun    log, change nothing
     * @param metrics   the leftovers' metrics
     * @param clock     now
     * @param interval  least time between two listings
     */
    public record Parts(ClusterObjects objects, ApiDiscovery discovery, List<GroupResource> resources,
            LeftoverPlanner planner, OwnerMemory memory, ActionGate gate, TokenBucket rate, boolean dryRun,
            LeftoverMetrics metrics, Clock clock, Duration interval) {

        public Parts {
            resources = List.copyOf(resources);
        }
    }

    private final Parts parts;
    private final OwnerObservation observation;
    private final boolean observeAtListing;
    private volatile Result last = new Result(null, List.of(), 0, 0);

    /**
     * @param observation      remembers the owner namespaces
     * @param observeAtListing observe at each listing (a source that lists: observing at every tick would add a
     *                         namespace listing per {@code janitor.interval}); false when the caller calls
     *                         {@link #observe} at every tick (the watch-fed cache: no request)
     */
    public LeftoverSweep(Parts parts, OwnerObservation observation, boolean observeAtListing) {
        this.parts = parts;
        this.observation = observation;
        this.observeAtListing = observeAtListing;
    }

    /** Remembers the owner namespaces the janitor's source holds now ({@link OwnerObservation}). */
    public int observe() {
        return observation.observe();
    }

    /** The last listing's result. */
    public Result last() {
        return last;
    }

    /** Lists, plans and deletes when {@code interval} has passed since the last listing; else does nothing. */
    public Optional<Result> sweepIfDue() throws InterruptedException {
        Instant now = parts.clock().instant();
        Result previous = last;
        if (previous.listedAt() != null && now.isBefore(previous.listedAt().plus(parts.interval()))) {
            return Optional.empty();
        }
        return Optional.of(sweep());
    }

    /** One listing, plan and its deletions, now. */
    public Result sweep() throws InterruptedException {
        int[] requests = {observeAtListing ? observe() : 0};
        Instant now = parts.clock().instant();
        Map<String, ClusterResource> served = new LinkedHashMap<>();
        List<LeftoverObject> listed = new ArrayList<>();
        for (GroupResource wanted : parts.resources()) {
            Optional<ClusterResource> resource = parts.discovery().findClusterScoped(wanted.group(), wanted.resource());
            requests[0] += 2;
            if (resource.isEmpty()) {
                LOG.warnf("leftovers: %s is not served as a cluster-scoped resource that can be listed and deleted;"
                        + " skipped (check janitor.leftovers.resources)", wanted.display());
                continue;
            }
            served.put(resource.get().display(), resource.get());
            try {
                requests[0] += parts.objects().list(resource.get(), listed::add);
            } catch (KubernetesClientException e) {
                LOG.errorf("leftovers: cannot list %s (HTTP %d): %s", wanted.display(), e.getCode(), e.getMessage());
            }
        }
        Set<String> existing = new HashSet<>();
        for (String owner : LeftoverPlanner.ownersToLookUp(listed, parts.memory()::get)) {
            try {
                requests[0]++;
                if (parts.objects().namespaceExists(owner)) {
                    existing.add(owner);
                } else {
                    parts.memory().missing(owner, now);
                }
            } catch (KubernetesClientException e) {
                existing.add(owner);
                LOG.errorf("leftovers: cannot tell whether namespace %s exists (HTTP %d); its objects wait", owner,
                        e.getCode());
            }
        }
        LeftoverPlan plan = parts.planner().plan(listed, existing, parts.memory()::get, now);
        parts.metrics().counts(plan.counts());
        for (LeftoverPlan.Leftover leftover : plan.leftovers()) {
            if (leftover.state() != LeftoverState.DUE) {
                LOG.debugf("leftover %s (owner namespace %s): %s: %s", leftover.object().describe(),
                        leftover.object().owner(), leftover.state().tag(), leftover.why());
            }
        }
        int deleted = 0;
        try {
            for (LeftoverPlan.Leftover leftover : plan.deletions()) {
                if (delete(served.get(leftover.object().resource()), leftover, requests)) {
                    deleted++;
                }
            }
        } catch (LeadershipLost e) {
            LOG.warn("leftovers: leadership lost; the new leader carries on");
        }
        Set<String> named = new HashSet<>();
        listed.forEach(object -> named.add(object.owner()));
        parts.memory().forget(now.minus(parts.planner().grace()), named);
        Result result = new Result(now, plan.leftovers(), requests[0], deleted);
        last = result;
        LOG.infof("leftovers: %d labelled objects listed, %d outlived their namespace, %d %s, %d requests",
                listed.size(), plan.leftovers().size(), deleted, parts.dryRun() ? "would be deleted (dry-run)" : "deleted",
                requests[0]);
        return result;
    }

    /** Deletes one leftover after reading it and its owner again; true when the delete was accepted. */
    private boolean delete(ClusterResource resource, LeftoverPlan.Leftover leftover, int[] requests)
            throws InterruptedException {
        LeftoverObject listed = leftover.object();
        if (parts.dryRun()) {
            LOG.infof("DRY-RUN: would delete %s (owner namespace %s gone since %s)", listed.describe(), listed.owner(),
                    Timestamps.format(leftover.goneSince()));
            return true;
        }
        if (!parts.gate().permits(false)) {
            return false;
        }
        parts.rate().acquire();
        try {
            requests[0] += 2;
            Optional<LeftoverObject> current = parts.objects().read(resource, listed.name());
            if (current.isEmpty() || !listed.uid().equals(current.get().uid())) {
                LOG.infof("leftover %s is gone or was re-created; not deleted", listed.describe());
                return false;
            }
            Set<String> existing = parts.objects().namespaceExists(listed.owner()) ? Set.of(listed.owner()) : Set.of();
            LeftoverPlan again = parts.planner().plan(List.of(current.get()), existing, parts.memory()::get, parts.clock().instant());
            if (again.deletions().isEmpty()) {
                LOG.infof("leftover %s changed since the listing (%s); not deleted", listed.describe(),
                        again.leftovers().isEmpty() ? "its owner namespace exists" : again.leftovers().get(0).why());
                return false;
            }
            requests[0]++;
            if (!parts.objects().delete(resource, current.get())) {
                LOG.infof("leftover %s changed or went while being deleted (precondition); not deleted", listed.describe());
                return false;
            }
            parts.metrics().deleted(listed.resource());
            LOG.infof("deleted leftover %s: owner namespace %s gone since %s, the object created %s, after it",
                    listed.describe(), listed.owner(), Timestamps.format(leftover.goneSince()),
                    current.get().created().map(Timestamps::format).orElse("?"));
            return true;
        } catch (KubernetesClientException e) {
            LOG.errorf("leftover %s (owner namespace %s): deletion failed: %s", listed.describe(), listed.owner(),
                    Failures.reason(e));
            return false;
        }
    }
}
