package io.ephemeralns.janitor.leftovers;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Objects the janitor never deletes, whatever their labels say: the API server's own ({@code system:} names, the
 * label {@code kubernetes.io/bootstrapping}), the product's own (its chart's label {@code app.kubernetes.io/name=
 * ephemeral-ns}, or a name starting {@code ephemeral-ns}: its ClusterRoles, bindings and webhook configurations are
 * all named so), and the names of {@code janitor.leftovers.exclude} (whole-name regexes).
 *
 * @param exclude the configured regexes
 */
public record Protection(List<Pattern> exclude) {

    /** The label every object of the product's chart carries, and its value. */
    static final String CHART_LABEL = "app.kubernetes.io/name";
    static final String PRODUCT = "ephemeral-ns";
    static final String BOOTSTRAPPING = "kubernetes.io/bootstrapping";

    public Protection {
        exclude = List.copyOf(exclude);
    }

    /** Why the object is protected, or empty when it is not. */
    public Optional<String> reason(LeftoverObject object) {
        String name = object.name() == null ? "" : object.name();
        if (name.startsWith("system:")) {
            return Optional.of("a system: name");
        }
        if (object.labels().containsKey(BOOTSTRAPPING)) {
            return Optional.of("labelled " + BOOTSTRAPPING);
        }
        if (PRODUCT.equals(object.labels().get(CHART_LABEL)) || name.startsWith(PRODUCT)) {
            return Optional.of("the product's own object");
        }
        for (Pattern pattern : exclude) {
            if (pattern.matcher(name).matches()) {
                return Optional.of("excluded by janitor.leftovers.exclude " + pattern.pattern());
            }
        }
        return Optional.empty();
    }
}
