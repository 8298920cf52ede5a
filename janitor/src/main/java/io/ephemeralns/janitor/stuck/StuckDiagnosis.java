package io.ephemeralns.janitor.stuck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a namespace cannot finish terminating, in one line, from what the namespace controller reports and what
 * is still there. In order: unavailable APIServices behind a discovery failure, objects waiting on finalizers
 * (grouped by finalizer), other remaining objects, then any other failing condition; e.g.
 * {@code 2 objects wait on finalizer example.com/cleanup: configmap/app-state, widgets.example.com/w1}.
 */
public final class StuckDiagnosis {

    static final int MAX_LENGTH = 500;
    private static final int MAX_NAMES = 5;

    private StuckDiagnosis() {
    }

    public static String diagnose(List<NamespaceCondition> conditions, List<RemainingObject> objects,
            List<UnavailableApiService> apiServices) {
        List<String> parts = new ArrayList<>();
        boolean discoveryFails = conditions.stream()
                .anyMatch(c -> c.holds() && c.type().equals("NamespaceDeletionDiscoveryFailure"));
        if (!apiServices.isEmpty()) {
            List<String> names = apiServices.stream().map(s -> "APIService " + s.name()
                    + (s.message() == null || s.message().isBlank() ? "" : " (" + s.message() + ")")).toList();
            parts.add((discoveryFails ? "discovery fails: " : "") + "unavailable " + String.join(", ", names));
        }
        Map<String, List<String>> byFinalizer = new TreeMap<>();
        List<String> plain = new ArrayList<>();
        for (RemainingObject object : objects) {
            if (object.finalizers().isEmpty()) {
                plain.add(object.display());
            }
            for (String finalizer : object.finalizers()) {
                byFinalizer.computeIfAbsent(finalizer, f -> new ArrayList<>()).add(object.display());
            }
        }
        byFinalizer.forEach((finalizer, names) -> parts.add(count(names.size()) + " wait" + (names.size() == 1 ? "s" : "")
                + " on finalizer " + finalizer + ": " + list(names)));
        if (!plain.isEmpty()) {
            parts.add(count(plain.size()) + " remain" + (plain.size() == 1 ? "s" : "") + ": " + list(plain));
        }
        if (parts.isEmpty()) {
            conditions.stream().filter(NamespaceCondition::holds)
                    .forEach(c -> parts.add(c.type() + ": " + c.message()));
        }
        if (parts.isEmpty()) {
            parts.add("no blocking condition reported; waiting for the namespace controller");
        }
        String line = String.join("; ", parts).replace('\n', ' ');
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String count(int n) {
        return n + (n == 1 ? " object" : " objects");
    }

    private static String list(List<String> names) {
        List<String> sorted = names.stream().sorted().toList();
        String shown = String.join(", ", sorted.subList(0, Math.min(MAX_NAMES, sorted.size())));
        return sorted.size() > MAX_NAMES ? shown + " and " + (sorted.size() - MAX_NAMES) + " more" : shown;
    }
}
