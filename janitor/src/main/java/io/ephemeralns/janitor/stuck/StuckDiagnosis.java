package io.ephemeralns.janitor.stuck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Why a namespace cannot finish terminating, in one line, from what the namespace controller reports and what
 * is still there. In order: unavailable APIServices behind a discovery failure, objects waiting on finalizers
 * (grouped by finalizer), other remaining objects, then any other failing condition; e.g.
 * {@code 2 objects wait on finalizer example.com/cleanup: configmap/app-state, widgets.example.com/w1}.
 * The janitor's own access RoleBinding ({@link JanitorAccess}) is left out: it is released by itself, last.
 *
 * <p>Objects are fed one at a time ({@link Collector}), keeping counts and the first few names only, so that a
 * namespace holding thousands of objects costs no more memory than one holding five.
 */
public final class StuckDiagnosis {

    static final int MAX_LENGTH = 500;
    private static final int MAX_NAMES = 5;

    private StuckDiagnosis() {
    }

    /** The diagnosis of a list of objects (see {@link Collector}). */
    public static String diagnose(List<NamespaceCondition> conditions, List<RemainingObject> objects,
            List<UnavailableApiService> apiServices) {
        Collector collector = new Collector();
        objects.forEach(collector::add);
        return collector.diagnose(conditions, apiServices);
    }

    /** Counts remaining objects by finalizer, keeping the first names in alphabetical order. */
    public static final class Collector {
        private final Map<String, Names> byFinalizer = new TreeMap<>();
        private final Names plain = new Names();
        private int objects;
        private int withFinalizers;

        /** Takes one remaining object into account. */
        public void add(RemainingObject object) {
            if (JanitorAccess.isOurs(object)) {
                return;
            }
            objects++;
            if (object.finalizers().isEmpty()) {
                plain.add(object.display());
                return;
            }
            withFinalizers++;
            for (String finalizer : object.finalizers()) {
                byFinalizer.computeIfAbsent(finalizer, f -> new Names()).add(object.display());
            }
        }

        /** Objects seen, the janitor's access RoleBinding excepted. */
        public int objects() {
            return objects;
        }

        /** Objects seen that carry at least one finalizer. */
        public int withFinalizers() {
            return withFinalizers;
        }

        /** A short account of the objects seen, e.g. {@code configmap/a, configmap/b and 3 more}, for logs and Events. */
        public String objectsSummary() {
            Names all = new Names();
            byFinalizer.values().forEach(names -> names.first.forEach(all::add));
            plain.first.forEach(all::add);
            all.count = objects;
            return objects == 0 ? "nothing the namespace controller reported" : all.list();
        }

        /** The one-line diagnosis. */
        public String diagnose(List<NamespaceCondition> conditions, List<UnavailableApiService> apiServices) {
            List<String> parts = new ArrayList<>();
            boolean discoveryFails = conditions.stream()
                    .anyMatch(c -> c.holds() && c.type().equals("NamespaceDeletionDiscoveryFailure"));
            if (!apiServices.isEmpty()) {
                List<String> names = apiServices.stream().map(s -> "APIService " + s.name()
                        + (s.message() == null || s.message().isBlank() ? "" : " (" + s.message() + ")")).toList();
                parts.add((discoveryFails ? "discovery fails: " : "") + "unavailable " + String.join(", ", names));
            }
            byFinalizer.forEach((finalizer, names) -> parts.add(count(names.count) + " wait" + (names.count == 1 ? "s" : "")
                    + " on finalizer " + finalizer + ": " + names.list()));
            if (plain.count > 0) {
                parts.add(count(plain.count) + " remain" + (plain.count == 1 ? "s" : "") + ": " + plain.list());
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
    }

    /** A count and the alphabetically first {@value #MAX_NAMES} names. */
    private static final class Names {
        private final TreeSet<String> first = new TreeSet<>();
        private int count;

        void add(String name) {
            count++;
            first.add(name);
            if (first.size() > MAX_NAMES) {
                first.pollLast();
            }
        }

        String list() {
            String shown = String.join(", ", first);
            return count > first.size() ? shown + " and " + (count - first.size()) + " more" : shown;
        }
    }

    private static String count(int n) {
        return n + (n == 1 ? " object" : " objects");
    }
}
