package io.ephemeralns.janitor.sweep;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.Actions;
import io.ephemeralns.janitor.act.DeletionRunner;
import io.ephemeralns.janitor.act.LiveActions;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.MetadataPages;
import io.ephemeralns.janitor.kube.NamespaceDeleter;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.RepairRequests;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.ephemeralns.janitor.report.ReportSnapshot;
import io.ephemeralns.janitor.warn.Warnings;
import io.ephemeralns.janitor.stuck.RepairMode;
import io.ephemeralns.janitor.stuck.RepairPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sweepers without an API server, for the tests of the sweep's own logic: the listing, the deleter and the
 * leadership are the test's; no Event is recorded; the clock is trusted; the defaults of the contract otherwise.
 */
final class Sweepers {

    static final SweepPlanner PLANNER = new SweepPlanner(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50));
    private static final RepairPolicy REPAIR = new RepairPolicy(RepairMode.FINALIZERS, Duration.ofMinutes(15),
            Duration.ofHours(1), Pattern.compile(".*"), Optional.empty(), 200);

    private Sweepers() {
    }

    /**
     * A sweeper acting for real on what {@code lister} gives, through {@code deleter}, while {@code leader} says so,
     * one deletion at a time.
     */
    static Sweeper sweeper(NamespaceLister lister, NamespaceDeleter deleter, BooleanSupplier leader,
            JanitorMetrics metrics) {
        return sweeper(lister, deleter, leader, metrics, 1);
    }

    /** The same, with up to {@code concurrency} deletions at once. */
    static Sweeper sweeper(NamespaceLister lister, NamespaceDeleter deleter, BooleanSupplier leader,
            JanitorMetrics metrics, int concurrency) {
        return sweeper(lister, deleter, leader, metrics, concurrency, Warnings.off());
    }

    /** The same, handing the warnings before deletion to {@code warnings}. */
    static Sweeper sweeper(NamespaceLister lister, NamespaceDeleter deleter, BooleanSupplier leader,
            JanitorMetrics metrics, int concurrency, Warnings warnings) {
        Clock clock = Clock.systemUTC();
        ActionGate gate = new ActionGate(leader, metrics);
        Actions actions = new LiveActions(lister, deleter, new RepairRequests(null), new NamespaceEvents(null) {
            @Override
            public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
                return true;
            }
        }, PLANNER, gate, TokenBucket.perSecond(1000), metrics, clock, REPAIR.stuckAfter());
        ApiDiscovery discovery = new ApiDiscovery(null);
        StuckNamespaces stuck = new StuckNamespaces(lister, discovery, new MetadataPages(null, 500), PLANNER, actions,
                metrics, clock, REPAIR);
        return new Sweeper(lister, new OnlyOursReads(lister::read), PLANNER, actions, new DeletionRunner(actions, metrics, concurrency), stuck, gate,
                () -> Optional.of(Duration.ZERO), discovery, metrics,
                new ReportSnapshot(), clock, Duration.ofSeconds(30), null, warnings);
    }

    /** A listing of these namespaces, which also reads each of them back unchanged. */
    static NamespaceLister listing(Namespace... namespaces) {
        return new NamespaceLister(null, null, 500) {
            @Override
            public int scan(Consumer<NamespaceView> sink, Runnable restart) {
                List.of(namespaces).forEach(namespace -> sink.accept(NamespaceView.of(namespace)));
                return 1;
            }

            @Override
            public Namespace read(String name) {
                return List.of(namespaces).stream().filter(namespace -> namespace.getMetadata().getName().equals(name))
                        .findFirst().orElse(null);
            }
        };
    }
}
