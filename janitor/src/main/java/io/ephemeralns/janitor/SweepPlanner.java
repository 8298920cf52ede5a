package io.ephemeralns.janitor;

import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The janitor's pure decision: from the namespaces it listed to the deletions it should make.
 *
 * <p>It re-checks the scope of every namespace in memory (protected names, the selector or the product's
 * {@code managed=true}) whatever the API server returned, so that a server ignoring part of a label
 * selector can never widen what is deleted. Only namespaces in state {@code expired} are deleted, those
 * that expired first going first; a namespace without a UID is never deleted, since the delete could not be
 * guarded against a namespace re-created under the same name.
 *
 * <p>Namespaces are fed one at a time ({@link Accumulator}), so a sweep holds one page of namespaces plus
 * at most the per-sweep cap of planned deletions, however many namespaces the cluster has.
 */
public final class SweepPlanner {

    private static final Comparator<NamespaceStatus> EXPIRED_FIRST =
            Comparator.comparing((NamespaceStatus status) -> status.expiry().expiresAt().orElse(Instant.MIN))
                    .thenComparing(status -> status.namespace().name());

    /** At most this many stuck namespaces are handled per sweep; the rest are counted and wait. */
    public static final int MAX_STUCK = 100;

    private final CiSettings settings;
    private final SweepPolicy policy;

    public SweepPlanner(CiSettings settings, SweepPolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    /** Plans a sweep over a list of namespaces at {@code now}. */
    public SweepPlan plan(List<NamespaceView> namespaces, Instant now) {
        Accumulator accumulator = start(now);
        namespaces.forEach(accumulator::add);
        return accumulator.finish();
    }

    /** Starts planning a sweep at {@code now}; feed it namespaces, then {@link Accumulator#finish()}. */
    public Accumulator start(Instant now) {
        return new Accumulator(now);
    }

    /**
     * The classification of one namespace, or empty when the janitor may not act on it at all
     * (protected, or neither the selector's labels nor {@code managed=true}).
     */
    public Optional<NamespaceStatus> classify(NamespaceView namespace, Instant now) {
        if (!CiScope.janitorMayAct(settings, namespace)) {
            return Optional.empty();
        }
        return Optional.of(NamespaceStatus.classify(namespace, settings, policy.stuckAfter(), now));
    }

    /**
     * True when a namespace, read again just before acting, is still the same expired CI namespace: same
     * UID, still in scope, still expired (a pipeline may have set {@code keep=true} since the listing).
     */
    public boolean stillDue(Deletion deletion, NamespaceView fresh, Instant now) {
        return deletion.uid().equals(fresh.uid())
                && classify(fresh, now).map(status -> status.state() == NamespaceState.EXPIRED).orElse(false);
    }

    /** Collects one sweep's census and deletions, one namespace at a time. */
    public final class Accumulator {
        private final Instant now;
        private final Census.Counter counter = new Census.Counter();
        // the latest expiry on top, so the cap keeps the earliest ones
        private final PriorityQueue<NamespaceStatus> due = new PriorityQueue<>(EXPIRED_FIRST.reversed());
        private int expired;
        private final List<NamespaceStatus> stuck = new ArrayList<>();

        private Accumulator(Instant now) {
            this.now = now;
        }

        /** Classifies one namespace and, when it is due, considers it for deletion. */
        public void add(NamespaceView namespace) {
            classify(namespace, now).ifPresent(status -> {
                counter.add(status);
                if (status.state() == NamespaceState.STUCK && stuck.size() < MAX_STUCK) {
                    stuck.add(status);
                }
                String uid = status.namespace().uid();
                if (status.state() == NamespaceState.EXPIRED && uid != null && !uid.isEmpty()) {
                    expired++;
                    due.add(status);
                    if (due.size() > policy.maxDeletions()) {
                        due.poll();
                    }
                }
            });
        }

        /** The plan: deletions in order of expiry, and how many were deferred by the cap. */
        public SweepPlan finish() {
            List<NamespaceStatus> ordered = new ArrayList<>(due);
            ordered.sort(EXPIRED_FIRST);
            List<Deletion> deletions = ordered.stream()
                    .map(status -> new Deletion(status, status.expiry().basis().tag()))
                    .toList();
            return new SweepPlan(deletions, expired - deletions.size(), counter.census(), List.copyOf(stuck));
        }
    }
}
