package io.ephemeralns.janitor.sleep;

import java.util.List;

/**
 * What {@link SleepDecision} asks for one namespace.
 *
 * @param action   what to do
 * @param sleep    for {@link Action#SLEEP}: the workloads to scale to zero (each with its count to save)
 * @param restores for {@link Action#WAKE}: the workloads to scale back to the count the janitor saved
 * @param notes    what a person should know, one line each: why nothing is done, what a wake leaves alone or ignores
 */
public record SleepPlan(Action action, List<Workload> sleep, List<Restore> restores, List<String> notes) {

    /** What to do with a namespace. */
    public enum Action {
        /** Leave it as it is. */
        NOTHING,
        /** Save the counts, scale the workloads to zero, annotate the namespace, Event {@code Slept}. */
        SLEEP,
        /** Restore the saved counts, remove the sleep's annotations and the wake label, Event {@code Woken}. */
        WAKE,
        /** The wake label is on a namespace that does not sleep: remove it. */
        CLEAR_WAKE
    }

    /**
     * One workload to scale back.
     *
     * @param workload the workload as listed (its resourceVersion guards the write)
     * @param replicas the count from the janitor's record on the namespace
     */
    public record Restore(Workload workload, int replicas) {
    }

    public SleepPlan {
        sleep = List.copyOf(sleep);
        restores = List.copyOf(restores);
        notes = List.copyOf(notes);
    }

    static SleepPlan nothing(String why) {
        return new SleepPlan(Action.NOTHING, List.of(), List.of(), List.of(why));
    }

    static SleepPlan sleep(List<Workload> workloads, String why) {
        return new SleepPlan(Action.SLEEP, workloads, List.of(), List.of(why));
    }

    static SleepPlan wake(List<Restore> restores, List<String> notes) {
        return new SleepPlan(Action.WAKE, List.of(), restores, notes);
    }

    static SleepPlan clearWake(String why) {
        return new SleepPlan(Action.CLEAR_WAKE, List.of(), List.of(), List.of(why));
    }

    /** The notes as one line. */
    public String reason() {
        return String.join("; ", notes);
    }
}
