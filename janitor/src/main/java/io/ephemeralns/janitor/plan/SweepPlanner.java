package io.ephemeralns.janitor.plan;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Expiry;
import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.report.NamespaceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The janitor's pure decision: from the namespaces it listed to the deletions it should make.
 *
 * <p>It re-checks the scope of every namespace in memory (protected names, the selector or the product's
 * {@code managed=true}) whatever the API server returned, so that a server ignoring part of a label
 * selector can never widen what is deleted. It then requires the webhook's admission ({@link Admission}): a
 * namespace that merely carries the selector's labels, or that became CI after its deletion started, is counted
 * as skipped and never deleted or repaired, unless admission is not required (a janitor without the webhook).
 * Only namespaces in state {@code expired} are deleted, those that expired first going first; a namespace
 * without a UID is never deleted, since the delete could not be guarded against a namespace re-created under
 * the same name. The same {@link #classify} answers the sweep, the re-read before every action, stuck repair and
 * the report.
 *
 * <p>Namespaces are fed one at a time ({@link Accumulator}), so a sweep holds one page of namespaces, the report's
 * one line per CI namespace, and at most the per-sweep caps of planned actions, however many namespaces the cluster has.
 */
public final class SweepPlanner {

    private static final Comparator<NamespaceStatus> EXPIRED_FIRST =
            Comparator.comparing((NamespaceStatus status) -> status.expiry().expiresAt().orElse(Instant.MIN))
                    .thenComparing(status -> status.namespace().name());

    /** At most this many stuck namespaces are handled per sweep; the rest are counted and wait. */
    public static final int MAX_STUCK = 100;
    /** At most this many terminating namespaces get the janitor's access finalizer released per sweep. */
    public static final int MAX_RELEASES = 500;

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
     * Whether the janitor may act on a namespace: empty when it is out of scope (protected, or neither the
     * selector's labels nor {@code managed=true}); otherwise the admission verdict.
     */
    public Optional<Admission.Verdict> admission(NamespaceView namespace) {
        if (!CiScope.janitorMayAct(settings, namespace)) {
            return Optional.empty();
        }
        return Optional.of(Admission.of(namespace, policy.requireAdmission()));
    }

    /**
     * The classification of one namespace, or empty when the janitor may not act on it at all
     * (protected, neither the selector's labels nor {@code managed=true}, or not admitted by the webhook in time).
     */
    public Optional<NamespaceStatus> classify(NamespaceView namespace, Instant now) {
        if (admission(namespace).filter(verdict -> verdict == Admission.Verdict.ADMITTED).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NamespaceStatus.classify(namespace, settings, policy.stuckAfter(), now));
    }

    /** The report entry of a namespace ({@code GET /namespaces}), or empty when the janitor may not act on it. */
    public Optional<NamespaceReport> report(NamespaceView namespace, Instant now) {
        return classify(namespace, now).map(status -> entry(status, now));
    }

    private NamespaceReport entry(NamespaceStatus status, Instant now) {
        return NamespaceReport.of(status, settings.ttlLabel(), settings.keepLabel(), now);
    }

    /**
     * When a namespace becomes due for deletion, whatever the time now: its {@link Expiry} (keep and max-lifetime
     * included) when the janitor would delete it then; empty when it never will as it stands (out of scope, not
     * admitted, without a UID, already terminating, or without any expiry). A namespace due in the
     * past is due now. The event path keys its delay queue on this and plans the deletion with {@link #deletion} once
     * the time has come; any change of labels or annotations can change the answer.
     */
    public Optional<Instant> dueAt(NamespaceView namespace) {
        if (namespace.isTerminating() || namespace.uid() == null || namespace.uid().isEmpty()
                || admission(namespace).filter(verdict -> verdict == Admission.Verdict.ADMITTED).isEmpty()) {
            return Optional.empty();
        }
        return Expiry.of(namespace, settings).expiresAt();
    }

    /**
     * When to warn of a namespace's deletion: {@code before} ahead of {@link #dueAt}; empty when warnings are off
     * ({@code before} zero), when it is never due, or when its annotation already records a warning of that deletion
     * time. The event path keys its delay queue on this; {@link #warning} decides at that time.
     */
    public Optional<Instant> warnAt(NamespaceView namespace, Duration before) {
        if (before.isZero() || before.isNegative()) {
            return Optional.empty();
        }
        return dueAt(namespace).filter(due -> !Warning.given(namespace, due)).map(due -> due.minus(before));
    }

    /**
     * The warning to give now: when {@code now} lies within {@code before} ahead of the namespace's deletion time and
     * that time was not warned of yet. Empty when warnings are off, when the deletion is not that close, when it is
     * already due (the deletion itself comes now), or when it was warned of.
     */
    public Optional<Warning> warning(NamespaceView namespace, Duration before, Instant now) {
        Optional<Instant> warnAt = warnAt(namespace, before);
        if (warnAt.isEmpty() || now.isBefore(warnAt.get())) {
            return Optional.empty();
        }
        Instant due = warnAt.get().plus(before);
        if (!now.isBefore(due)) {
            return Optional.empty();
        }
        return Optional.of(Warning.of(namespace, due, Expiry.of(namespace, settings).basis().tag()));
    }

    /**
     * The deletion of one namespace at {@code now}, planned as a sweep would plan it, or empty when it is not due
     * ({@link #dueAt} not yet reached, or never). The per-sweep cap is the caller's.
     */
    public Optional<Deletion> deletion(NamespaceView namespace, Instant now) {
        String uid = namespace.uid();
        if (uid == null || uid.isEmpty()) {
            return Optional.empty();
        }
        return classify(namespace, now).filter(status -> status.state() == NamespaceState.EXPIRED)
                .map(status -> new Deletion(status, status.expiry().basis().tag()));
    }

    /**
     * True when a namespace, read again just before acting, is still the same expired CI namespace: same
     * UID, still in scope and admitted, still expired (a pipeline may have set {@code keep=true} since the listing).
     */
    public boolean stillDue(Deletion deletion, NamespaceView fresh, Instant now) {
        return deletion.uid().equals(fresh.uid())
                && classify(fresh, now).map(status -> status.state() == NamespaceState.EXPIRED).orElse(false);
    }

    /**
     * True when a namespace, read again just before a repair, is still the same admitted CI namespace and still
     * terminating (stuck repair and the release of the janitor's access act only on those).
     */
    public boolean stillTerminating(String uid, NamespaceView fresh, Instant now) {
        return uid != null && uid.equals(fresh.uid()) && classify(fresh, now)
                .map(status -> status.state() == NamespaceState.TERMINATING || status.state() == NamespaceState.STUCK)
                .orElse(false);
    }

    /** Collects one sweep's census and deletions, one namespace at a time. */
    public final class Accumulator {
        private final Instant now;
        private final Census.Counter counter = new Census.Counter();
        // the latest expiry on top, so the cap keeps the earliest ones
        private final PriorityQueue<NamespaceStatus> due = new PriorityQueue<>(EXPIRED_FIRST.reversed());
        private int expired;
        private final List<NamespaceStatus> stuck = new ArrayList<>();
        private final List<NamespaceStatus> releases = new ArrayList<>();
        private final Map<Admission.Verdict, Integer> skipped = new EnumMap<>(Admission.Verdict.class);
        private final List<NamespaceReport> report = new ArrayList<>();

        private Accumulator(Instant now) {
            this.now = now;
            for (Admission.Verdict verdict : Admission.Verdict.values()) {
                if (verdict != Admission.Verdict.ADMITTED) {
                    skipped.put(verdict, 0);
                }
            }
        }

        /** Classifies one namespace and, when it is due, considers it for deletion. */
        public void add(NamespaceView namespace) {
            add(namespace, false);
        }

        /**
         * Classifies one namespace and considers it for deletion, stuck repair or, when its conditions say that only
         * the janitor's access RoleBinding remains ({@code onlyJanitorAccessRemains}), the release of that binding.
         */
        public void add(NamespaceView namespace, boolean onlyJanitorAccessRemains) {
            Optional<Admission.Verdict> verdict = admission(namespace);
            if (verdict.isEmpty()) {
                return;
            }
            if (verdict.get() != Admission.Verdict.ADMITTED) {
                skipped.merge(verdict.get(), 1, Integer::sum);
                return;
            }
            NamespaceStatus status = NamespaceStatus.classify(namespace, settings, policy.stuckAfter(), now);
            counter.add(status);
            report.add(entry(status, now));
            if (status.state() == NamespaceState.STUCK && stuck.size() < MAX_STUCK) {
                stuck.add(status);
            }
            boolean terminating = status.state() == NamespaceState.TERMINATING || status.state() == NamespaceState.STUCK;
            if (terminating && onlyJanitorAccessRemains && releases.size() < MAX_RELEASES) {
                releases.add(status);
            }
            String uid = status.namespace().uid();
            if (status.state() == NamespaceState.EXPIRED && uid != null && !uid.isEmpty()) {
                expired++;
                due.add(status);
                if (due.size() > policy.maxDeletions()) {
                    due.poll();
                }
            }
        }

        /** The plan: deletions in order of expiry, and how many were deferred by the cap. */
        public SweepPlan finish() {
            List<NamespaceStatus> ordered = new ArrayList<>(due);
            ordered.sort(EXPIRED_FIRST);
            List<Deletion> deletions = ordered.stream()
                    .map(status -> new Deletion(status, status.expiry().basis().tag()))
                    .toList();
            List<NamespaceReport> sorted = new ArrayList<>(report);
            sorted.sort(Comparator.comparing(NamespaceReport::name));
            return new SweepPlan(deletions, expired - deletions.size(), counter.census(), List.copyOf(stuck),
                    List.copyOf(releases), Map.copyOf(skipped), List.copyOf(sorted));
        }
    }
}
