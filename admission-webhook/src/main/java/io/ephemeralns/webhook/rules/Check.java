package io.ephemeralns.webhook.rules;

import java.util.List;
import java.util.function.Function;

/**
 * One named, small validation: a pure function from the facts of a request to its {@link Findings}. Modelled on
 * cert-manager's {@code policies.Func} in a {@code policies.Chain}, with one difference: {@link #all} evaluates every
 * check instead of stopping at the first failure, so a client learns every violation from one refusal.
 *
 * @param name what the check ensures, in a few words: the chain reads as a list of the rules it enforces
 * @param test the check
 * @param <T>  the facts it reads
 */
public record Check<T>(String name, Function<T, Findings> test) {

    /** The findings of every check, in the order of the list. */
    public static <T> Findings all(List<Check<T>> checks, T facts) {
        Findings found = Findings.none();
        for (Check<T> check : checks) {
            found = found.and(check.test().apply(facts));
        }
        return found;
    }
}
