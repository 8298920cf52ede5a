package io.ephemeralns.webhook.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link Check} found: violations refuse the request, warnings are shown to the client either way.
 *
 * @param violations why the request is refused, each a readable sentence naming what to do instead
 * @param warnings   what the client should know although nothing is refused
 */
public record Findings(List<String> violations, List<String> warnings) {

    public Findings {
        violations = List.copyOf(violations);
        warnings = List.copyOf(warnings);
    }

    /** Nothing found. */
    public static Findings none() {
        return new Findings(List.of(), List.of());
    }

    /** One violation. */
    public static Findings violation(String violation) {
        return new Findings(List.of(violation), List.of());
    }

    /** The violation when present, else nothing. */
    public static Findings violation(Optional<String> violation) {
        return new Findings(violation.stream().toList(), List.of());
    }

    /** These violations. */
    public static Findings violations(List<String> violations) {
        return new Findings(violations, List.of());
    }

    /** One warning. */
    public static Findings warning(String warning) {
        return new Findings(List.of(), List.of(warning));
    }

    /** These findings followed by {@code more}. */
    public Findings and(Findings more) {
        List<String> allViolations = new ArrayList<>(violations);
        allViolations.addAll(more.violations);
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(more.warnings);
        return new Findings(allViolations, allWarnings);
    }
}
