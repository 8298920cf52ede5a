package io.ephemeralns.janitor.sleep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The replica counts the janitor saved when it put a namespace to sleep, as the namespace's annotation
 * {@code ephemeral-ns.io/sleep-replicas} holds them: {@code deployment/web=3,statefulset/db=1} (names are DNS labels or
 * subdomains, so neither {@code ,} nor {@code =} can occur in them). This record, guarded by the admission webhook like
 * every product key on a namespace, is the only source of the counts a wake restores.
 *
 * @param saved    count by {@link Workload#ref()}, in the order written
 * @param problems the entries that could not be read, one line each (the annotation was written by someone else)
 */
public record SleepRecord(Map<String, Integer> saved, List<String> problems) {

    /** kind/name=count: a DNS subdomain name, a count below a billion (no overflow, no sign). */
    private static final Pattern ENTRY =
            Pattern.compile("(deployment|statefulset)/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?=[0-9]{1,9}");

    public SleepRecord {
        saved = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(saved));
        problems = List.copyOf(problems);
    }

    /** The record of these workloads' current counts. */
    public static SleepRecord of(List<Workload> workloads) {
        Map<String, Integer> saved = new LinkedHashMap<>();
        workloads.forEach(workload -> saved.put(workload.ref(), workload.replicas()));
        return new SleepRecord(saved, List.of());
    }

    /** Reads an annotation; a malformed entry is left out and named in {@link #problems()}; null reads as empty. */
    public static SleepRecord parse(String text) {
        Map<String, Integer> saved = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String entry : text.split(",", -1)) {
                String trimmed = entry.trim();
                if (!ENTRY.matcher(trimmed).matches()) {
                    problems.add("entry \"" + trimmed + "\" is not kind/name=count (e.g. deployment/web=3)");
                    continue;
                }
                int equals = trimmed.lastIndexOf('=');
                saved.put(trimmed.substring(0, equals), Integer.parseInt(trimmed.substring(equals + 1)));
            }
        }
        return new SleepRecord(saved, problems);
    }

    /** The annotation's value. */
    public String format() {
        List<String> entries = new ArrayList<>();
        saved.forEach((ref, count) -> entries.add(ref + "=" + count));
        return String.join(",", entries);
    }
}
