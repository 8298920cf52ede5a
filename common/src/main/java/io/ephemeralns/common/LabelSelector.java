package io.ephemeralns.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form ({@code created-by=ci-cd}, {@code a!=b}, {@code key},
 * {@code !key}, {@code env in (ci,test)}, {@code env notin (prod)}), parsed once and matched in memory.
 *
 * <p>The programs send {@link #toString()} to the API server to narrow listings, but never trust the
 * answer: every namespace is matched again here before anything is done to it, because some servers
 * (the fabric8 mock, old proxies) ignore parts of a selector and return more than was asked for.
 * An empty selector is refused: it would make every namespace of the cluster a CI namespace.
 */
public final class LabelSelector {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String ACCEPTED =
            "use comma-separated key=value, key!=value, key, !key, key in (a,b) or key notin (a,b), e.g. created-by=ci-cd";

    private enum Op { EQUALS, NOT_EQUALS, EXISTS, NOT_EXISTS, IN, NOT_IN }

    private record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case NOT_EXISTS -> actual == null;
            };
        }

        @Override
        public String toString() {
            return switch (op) {
                case EQUALS -> key + "=" + values.iterator().next();
                case NOT_EQUALS -> key + "!=" + values.iterator().next();
                case EXISTS -> key;
                case NOT_EXISTS -> "!" + key;
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            };
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the selector, what is wrong and the accepted forms
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty and would select every namespace");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            requirements.add(requirement(text, part.trim()));
        }
        return new LabelSelector(requirements);
    }

    /** True when every requirement holds for these labels (a null map is no labels). */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The equality requirements ({@code key=value}), i.e. the labels a namespace must carry: used to tell
     * a user which labels make a namespace a CI namespace.
     */
    public Map<String, String> requiredLabels() {
        Map<String, String> required = new java.util.LinkedHashMap<>();
        for (Requirement requirement : requirements) {
            if (requirement.op == Op.EQUALS) {
                required.put(requirement.key, requirement.values.iterator().next());
            }
        }
        return required;
    }

    /** The keys this selector reads. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        requirements.forEach(r -> keys.add(r.key));
        return keys;
    }

    /** The canonical string form, accepted by the API server's {@code labelSelector} parameter. */
    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelSelector that && toString().equals(that.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static Requirement requirement(String whole, String part) {
        if (part.isEmpty()) {
            throw invalid(whole, "it has an empty requirement");
        }
        String[] words = part.split("\\s+", 2);
        if (words.length == 2 && (words[1].startsWith("in ") || words[1].startsWith("in(")
                || words[1].startsWith("notin ") || words[1].startsWith("notin("))) {
            boolean in = words[1].startsWith("in");
            String list = words[1].substring(in ? 2 : 5).trim();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw invalid(whole, "the values of \"" + part + "\" must be in parentheses");
            }
            Set<String> values = new TreeSet<>();
            for (String value : list.substring(1, list.length() - 1).split(",")) {
                values.add(value(whole, value.trim()));
            }
            return new Requirement(key(whole, words[0]), in ? Op.IN : Op.NOT_IN, values);
        }
        int notEquals = part.indexOf("!=");
        if (notEquals > 0) {
            return new Requirement(key(whole, part.substring(0, notEquals).trim()), Op.NOT_EQUALS,
                    Set.of(value(whole, part.substring(notEquals + 2).trim())));
        }
        int equals = part.indexOf('=');
        if (equals > 0) {
            int valueStart = part.startsWith("==", equals) ? equals + 2 : equals + 1;
            return new Requirement(key(whole, part.substring(0, equals).trim()), Op.EQUALS,
                    Set.of(value(whole, part.substring(valueStart).trim())));
        }
        if (part.startsWith("!")) {
            return new Requirement(key(whole, part.substring(1).trim()), Op.NOT_EXISTS, Set.of());
        }
        return new Requirement(key(whole, part), Op.EXISTS, Set.of());
    }

    private static String key(String whole, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean valid = NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= 253 && PREFIX.matcher(prefix).matches());
        if (!valid) {
            throw invalid(whole, "\"" + key + "\" is not a valid label key");
        }
        return key;
    }

    private static String value(String whole, String value) {
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw invalid(whole, "\"" + value + "\" is not a valid label value");
        }
        return value;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException(
                "label selector \"" + (text == null ? "" : text) + "\" is not valid (" + why + "): " + ACCEPTED);
    }
}
