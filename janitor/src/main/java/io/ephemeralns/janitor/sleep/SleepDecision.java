package io.ephemeralns.janitor.sleep;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure decision of a sleep: from a CI namespace's facts, its workloads and {@code now}, what to do.
 *
 * <ul>
 *   <li>Wake label {@code ephemeral-ns.io/wake=true} on a sleeping namespace (one with {@code slept-at} or a
 *       {@code sleep-replicas} record): wake. Each workload of the record that still exists and still has zero replicas
 *       gets back the count of the record, never more: a count is read only from the namespace's record, which the
 *       admission webhook guards, never from the workload's own annotation, which a pipeline may write. A workload
 *       scaled up by someone since is left as it is; one gone is skipped; a malformed entry is skipped; each is noted.</li>
 *   <li>Wake label on a namespace that does not sleep: remove the label (the webhook refuses to add it there, so only a
 *       race or an administrator leaves one).</li>
 *   <li>A sleeping namespace: nothing until it is woken.</li>
 *   <li>Otherwise only a kept namespace (state {@code kept}: {@code keep=true} within its bounded keep) sleeps, when at
 *       least one Deployment or StatefulSet has replicas, none has more than {@link #MAX_WORKLOADS} siblings, and the
 *       latest change ({@link LastChange} of every workload, and the namespace's {@code woken-at}) is at least
 *       {@code after} ago. A workload whose change time is unknown keeps the namespace awake.</li>
 * </ul>
 */
public final class SleepDecision {

    /**
     * Most workloads a namespace may have to be put to sleep: the record must fit one annotation (256 KiB for all of a
     * namespace's annotations; 100 entries of at most 270 characters is 27 KB), and a sleep is one write per workload.
     */
    public static final int MAX_WORKLOADS = 100;

    private SleepDecision() {
    }

    /**
     * @param namespace a CI namespace the janitor may act on (in scope, admitted, not terminating)
     * @param kept      whether it is in state {@code kept}
     * @param workloads its Deployments and StatefulSets
     * @param after     {@code janitor.sleep.after}
     */
    public static SleepPlan decide(NamespaceView namespace, boolean kept, List<Workload> workloads, Duration after,
            Instant now) {
        boolean sleeping = isSleeping(namespace);
        if ("true".equals(namespace.label(ProductKeys.WAKE))) {
            return sleeping ? wake(namespace, workloads)
                    : SleepPlan.clearWake("the label " + ProductKeys.WAKE + "=true is on a namespace that does not sleep");
        }
        if (sleeping) {
            return SleepPlan.nothing("sleeps since " + namespace.annotation(ProductKeys.SLEPT_AT));
        }
        if (!kept) {
            return SleepPlan.nothing("not kept");
        }
        List<Workload> running = workloads.stream().filter(workload -> workload.replicas() > 0).toList();
        if (running.isEmpty()) {
            return SleepPlan.nothing("no Deployment or StatefulSet has replicas");
        }
        if (workloads.size() > MAX_WORKLOADS) {
            return SleepPlan.nothing(workloads.size() + " Deployments and StatefulSets, more than " + MAX_WORKLOADS
                    + " (the most a sleep saves)");
        }
        Optional<Instant> latest = Timestamps.parse(namespace.annotation(ProductKeys.WOKEN_AT));
        String latestWhat = "woken";
        for (Workload workload : workloads) {
            if (workload.lastChange().isEmpty()) {
                return SleepPlan.nothing(workload.ref() + " has no change time (no managedFields)");
            }
            if (latest.isEmpty() || workload.lastChange().get().isAfter(latest.get())) {
                latest = workload.lastChange();
                latestWhat = workload.ref() + " changed";
            }
        }
        Instant sleepsAt = latest.get().plus(after);
        String when = latestWhat + " at " + Timestamps.format(latest.get());
        if (now.isBefore(sleepsAt)) {
            return SleepPlan.nothing(when + ": sleeps at " + Timestamps.format(sleepsAt));
        }
        return SleepPlan.sleep(running, "no change for " + Ttl.format(after) + " (" + when + ")");
    }

    /**
     * Whether a workload read again after its write was refused (409) may still be scaled to zero as decided: empty
     * when it may, else why not. Its count must be the one saved and its {@link LastChange} the one decided on, so only a
     * controller's status write (a rollout, a Pod turning Ready) came between. Sound because a sleep is decided only when
     * the last change is at least {@code after} ago: a person's or a pipeline's write since would carry a later time.
     */
    public static Optional<String> changedSinceDecided(Workload decided, Workload current) {
        if (current.replicas() != decided.replicas()) {
            return Optional.of(current.ref() + " now has " + current.replicas() + " replicas, not " + decided.replicas());
        }
        if (!current.lastChange().equals(decided.lastChange())) {
            return Optional.of(current.ref() + " changed at "
                    + current.lastChange().map(Timestamps::format).orElse("an unknown time"));
        }
        return Optional.empty();
    }

    /**
     * Whether a sleeping workload may get its saved count back: empty when it still has zero replicas, else why not (a
     * person scaled it up since, and that count stays).
     */
    public static Optional<String> scaledSinceSlept(Workload workload) {
        return workload.replicas() == 0 ? Optional.empty()
                : Optional.of(workload.ref() + " already has " + workload.replicas() + " replicas: left as it is");
    }

    /** True when the namespace carries the janitor's sleep annotations. */
    public static boolean isSleeping(NamespaceView namespace) {
        return namespace.annotation(ProductKeys.SLEPT_AT) != null || namespace.annotation(ProductKeys.SLEEP_REPLICAS) != null;
    }

    private static SleepPlan wake(NamespaceView namespace, List<Workload> workloads) {
        SleepRecord record = SleepRecord.parse(namespace.annotation(ProductKeys.SLEEP_REPLICAS));
        List<String> notes = new ArrayList<>(record.problems());
        Map<String, Workload> byRef = new HashMap<>();
        workloads.forEach(workload -> byRef.put(workload.ref(), workload));
        List<SleepPlan.Restore> restores = new ArrayList<>();
        record.saved().forEach((ref, count) -> {
            Workload workload = byRef.get(ref);
            if (workload == null) {
                notes.add(ref + " is gone");
            } else {
                scaledSinceSlept(workload).ifPresentOrElse(notes::add,
                        () -> restores.add(new SleepPlan.Restore(workload, count)));
            }
        });
        for (Workload workload : workloads) {
            Integer count = record.saved().get(workload.ref());
            if (workload.saved() != null && (count == null || !workload.saved().equals(String.valueOf(count)))) {
                notes.add("ignored " + workload.ref() + "'s annotation " + ProductKeys.SLEEP_REPLICAS + "=\"" + workload.saved()
                        + "\": " + (count == null ? "the janitor saved no count for it" : "the janitor saved " + count));
            }
        }
        return SleepPlan.wake(restores, notes);
    }
}
