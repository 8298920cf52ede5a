package io.ephemeralns.janitor.forge;

import java.util.Optional;

/**
 * What a delivery's event and body amount to.
 *
 * @param outcome  an ending to act on, an event to ignore, or a malformed delivery
 * @param ending   the ending, when {@code outcome} is {@link Outcome#ENDING}
 * @param message  one line for the log and the response: what was read, or what was wrong and what is accepted
 */
public record Reading(Outcome outcome, Optional<Ending> ending, String message) {

    /** The three kinds of deliveries. */
    public enum Outcome {
        /** a pull request closed or a branch deleted. */
        ENDING,
        /** a well-formed event that ends nothing (a push, an opened pull request, a ping, ...). */
        IGNORED,
        /** unreadable JSON, or an event without the fields its forge documents. */
        MALFORMED
    }

    static Reading ending(Ending ending) {
        return new Reading(Outcome.ENDING, Optional.of(ending), ending.describe() + " ended");
    }

    static Reading ignored(String why) {
        return new Reading(Outcome.IGNORED, Optional.empty(), "ignored: " + why);
    }

    static Reading malformed(String why) {
        return new Reading(Outcome.MALFORMED, Optional.empty(), "malformed delivery: " + why);
    }
}
