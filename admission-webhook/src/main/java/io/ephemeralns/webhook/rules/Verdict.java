package io.ephemeralns.webhook.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one admission decision, before it becomes an AdmissionResponse.
 *
 * @param allowed  whether the request may proceed
 * @param code     HTTP-like status code shown to the client when denied (403 for rule violations)
 * @param message  why it was denied; empty when allowed
 * @param warnings admission warnings shown by kubectl, also when allowed
 * @param patch    JSON Patch operations (RFC 6902) for a mutating decision; empty means "unchanged"
 */
public record Verdict(boolean allowed, int code, String message, List<String> warnings, List<Map<String, Object>> patch) {

    public Verdict {
        warnings = List.copyOf(warnings);
        patch = List.copyOf(patch);
        message = message == null ? "" : message;
    }

    /** Allowed unchanged, without warnings. */
    public static Verdict allow() {
        return new Verdict(true, 200, "", List.of(), List.of());
    }

    /** Allowed unchanged, with warnings. */
    public static Verdict allow(List<String> warnings) {
        return new Verdict(true, 200, "", warnings, List.of());
    }

    /** Allowed with a patch and warnings. */
    public static Verdict patch(List<Map<String, Object>> patch, List<String> warnings) {
        return new Verdict(true, 200, "", warnings, patch);
    }

    /** Denied because a rule is violated (HTTP 403 Forbidden, as the API server reports policy refusals). */
    public static Verdict deny(String message, List<String> warnings) {
        return new Verdict(false, 403, message, warnings, List.of());
    }

    /** This verdict with one more warning. */
    public Verdict withWarning(String warning) {
        List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new Verdict(allowed, code, message, more, patch);
    }
}
