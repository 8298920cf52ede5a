package io.ephemeralns.janitor.sweep;

import io.ephemeralns.janitor.plan.DeletionOutcome;
import java.util.EnumMap;
import java.util.Map;

/** What one sweep's actions came to so far: deletion outcomes, errors, and access releases. */
final class Tally {

    private final Map<DeletionOutcome, Integer> outcomes = new EnumMap<>(DeletionOutcome.class);
    private int errors;
    private int released;

    /** Counts one deletion's outcome; a failed one is also an error of the sweep. */
    void count(DeletionOutcome outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome == DeletionOutcome.FAILED) {
            errors++;
        }
    }

    void addErrors(int count) {
        errors += count;
    }

    void countRelease() {
        released++;
    }

    Map<DeletionOutcome, Integer> outcomes() {
        return outcomes;
    }

    int errors() {
        return errors;
    }

    int released() {
        return released;
    }
}
