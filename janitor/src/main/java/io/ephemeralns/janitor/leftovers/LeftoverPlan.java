package io.ephemeralns.janitor.leftovers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one listing of the labelled objects found and what to do about it.
 *
 * @param leftovers every object whose owner namespace is gone, with its state, by resource then name
 * @param deletions the objects to delete now, at most the per-sweep cap, longest gone first
 * @param counts    leftovers by resource and state, every configured resource and state present (zero included)
 */
public record LeftoverPlan(List<Leftover> leftovers, List<Leftover> deletions, Map<String, Map<LeftoverState, Integer>> counts) {

    /**
     * One object that outlived its owner namespace.
     *
     * @param object    the object as listed
     * @param state     where it stands
     * @param why       one line: why this state (for the log and the report)
     * @param goneSince when the janitor found the owner missing; null when it never knew the owner
     */
    public record Leftover(LeftoverObject object, LeftoverState state, String why, Instant goneSince) {
    }
}
