package io.ephemeralns.common;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shared settings of the contract ({@code ephemeral-ns.*}), already parsed and validated. Both programs
 * build one, once, from their typed configuration with {@link #builder}, so a bad value stops either program at
 * start-up with the same message. The {@code DEFAULT_*} constants are the one home of the contract's defaults:
 * the builder starts from them and the programs' configuration mapping names them.
 *
 * @param selector      which namespaces are CI namespaces ({@code created-by=ci-cd})
 * @param namePattern   opt-in: names that make a namespace a CI namespace for the webhook even without labels
 * @param protectedNames namespaces never touched, whatever their labels (system ones plus the product's own)
 * @param ttlLabel      label key of the pipeline's TTL ({@code ttl})
 * @param keepLabel     label key of the pipeline's keep flag ({@code keep})
 * @param minTtl        shortest TTL the webhook accepts ({@code 1m})
 * @param maxTtl        longest TTL the webhook accepts ({@code 72h})
 * @param defaultTtl    lifetime given to a CI namespace without TTL; empty means the TTL is required
 * @param keepFor       how long {@code keep=true} preserves a namespace after it was kept ({@code 24h})
 * @param maxLifetime   no CI namespace outlives this ({@code 7d})
 * @param fallbackTtl   lifetime the janitor assumes without a valid TTL ({@code 24h}); empty means none
 * @param labelWindow   how long after its creation a namespace may still become a CI namespace ({@code 5m}): the
 *                      seed labels right after {@code kubectl create}, while labelling an old namespace would make
 *                      it expired at once, so later admission is refused (exempt identities excepted)
 */
public record CiSettings(
        LabelSelector selector,
        Optional<Pattern> namePattern,
        Set<String> protectedNames,
        String ttlLabel,
        String keepLabel,
        Duration minTtl,
        Duration maxTtl,
        Optional<Duration> defaultTtl,
        Duration keepFor,
        Duration maxLifetime,
        Optional<Duration> fallbackTtl,
        Duration labelWindow) {

    /** Namespaces protected in every installation, before the configured list and the product's own. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease", "default");

    /*
     * The contract's defaults, as configuration text: the one home of each (the builder starts from them, the
     * programs' configuration mapping names them). Unlisted keys default to off: name-pattern, default-ttl, protected
     * (beyond the system namespaces and the own one).
     */
    public static final String DEFAULT_SELECTOR = "created-by=ci-cd";
    public static final String DEFAULT_TTL_LABEL = "ttl";
    public static final String DEFAULT_KEEP_LABEL = "keep";
    public static final String DEFAULT_MIN_TTL = "1m";
    public static final String DEFAULT_MAX_TTL = "72h";
    public static final String DEFAULT_KEEP_FOR = "24h";
    public static final String DEFAULT_MAX_LIFETIME = "7d";
    public static final String DEFAULT_FALLBACK_TTL = "24h";
    public static final String DEFAULT_LABEL_WINDOW = "5m";

    public CiSettings {
        protectedNames = Set.copyOf(protectedNames);
        if (minTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("ephemeral-ns.min-ttl (" + Ttl.format(minTtl)
                    + ") is longer than ephemeral-ns.max-ttl (" + Ttl.format(maxTtl) + "): set min-ttl <= max-ttl");
        }
        defaultTtl.ifPresent(ttl -> {
            if (ttl.compareTo(minTtl) < 0 || ttl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("ephemeral-ns.default-ttl (" + Ttl.format(ttl)
                        + ") must lie between min-ttl (" + Ttl.format(minTtl) + ") and max-ttl (" + Ttl.format(maxTtl) + ")");
            }
        });
    }

    /** A builder holding the contract's defaults (the {@code DEFAULT_*} constants, their one home). */
    public static Builder builder() {
        return new Builder();
    }

    /** The contract's defaults, with the given namespace protected as the product's own. */
    public static CiSettings defaults(String ownNamespace) {
        return builder().ownNamespace(Optional.of(ownNamespace)).build();
    }

    /** One line for the start-up log: every shared setting as it is in force. */
    public String describe() {
        return "selector=" + selector
                + " name-pattern=" + namePattern.map(Pattern::pattern).orElse("(off)")
                + " protected=" + String.join(",", new java.util.TreeSet<>(protectedNames))
                + " ttl-label=" + ttlLabel + " keep-label=" + keepLabel
                + " min-ttl=" + Ttl.format(minTtl) + " max-ttl=" + Ttl.format(maxTtl)
                + " default-ttl=" + defaultTtl.map(Ttl::format).orElse("(off: ttl required)")
                + " keep-for=" + Ttl.format(keepFor) + " max-lifetime=" + Ttl.format(maxLifetime)
                + " fallback-ttl=" + fallbackTtl.map(Ttl::format).orElse("(off)")
                + " label-window=" + Ttl.format(labelWindow);
    }

    private static LabelSelector selector(String key, String value) {
        try {
            return LabelSelector.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Pattern> pattern(String key, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(value));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + "=\"" + value + "\" is not a valid regular expression ("
                    + e.getDescription() + "): use a Java regex such as ^test-", e);
        }
    }

    private static String labelKey(String key, String value) {
        String trimmed = value == null ? "" : value.trim();
        boolean valid = !trimmed.isEmpty() && !trimmed.matches(".*[=!,()\\s].*");
        if (valid) {
            try {
                LabelSelector.parse(trimmed); // a bare key is an "exists" requirement: reuses the key grammar
            } catch (IllegalArgumentException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException(key + "=\"" + trimmed + "\" is not a label key: name a key such as ttl");
        }
        return trimmed;
    }

    /**
     * The typed values of the shared keys, already converted by the program's configuration (durations in the
     * TTL grammar); {@link #build} checks what a type cannot: the selector, the name pattern, the label keys and
     * the TTL bounds. Every error names the key, the value and what is accepted.
     */
    public static final class Builder {
        private String selector = DEFAULT_SELECTOR;
        private Optional<String> namePattern = Optional.empty();
        private List<String> protectedNames = List.of();
        private Optional<String> ownNamespace = Optional.empty();
        private String ttlLabel = DEFAULT_TTL_LABEL;
        private String keepLabel = DEFAULT_KEEP_LABEL;
        private Duration minTtl = Ttl.parse(DEFAULT_MIN_TTL);
        private Duration maxTtl = Ttl.parse(DEFAULT_MAX_TTL);
        private Optional<Duration> defaultTtl = Optional.empty();
        private Duration keepFor = Ttl.parse(DEFAULT_KEEP_FOR);
        private Duration maxLifetime = Ttl.parse(DEFAULT_MAX_LIFETIME);
        private Optional<Duration> fallbackTtl = Optional.of(Ttl.parse(DEFAULT_FALLBACK_TTL));
        private Duration labelWindow = Ttl.parse(DEFAULT_LABEL_WINDOW);

        private Builder() {
        }

        /** {@code ephemeral-ns.selector}: a label selector, at least one requirement. */
        public Builder selector(String selector) {
            this.selector = selector;
            return this;
        }

        /** {@code ephemeral-ns.name-pattern}: a Java regex; blank means off. */
        public Builder namePattern(Optional<String> namePattern) {
            this.namePattern = namePattern.filter(pattern -> !pattern.isBlank());
            return this;
        }

        /** The configured protected list; the system namespaces and the own namespace are always added. */
        public Builder protectedNames(List<String> protectedNames) {
            this.protectedNames = List.copyOf(protectedNames);
            return this;
        }

        /** The namespace the program runs in (protected too), when known; blank counts as unknown. */
        public Builder ownNamespace(Optional<String> ownNamespace) {
            this.ownNamespace = ownNamespace.map(String::trim).filter(name -> !name.isEmpty());
            return this;
        }

        /** {@code ephemeral-ns.ttl-label}: a label key. */
        public Builder ttlLabel(String ttlLabel) {
            this.ttlLabel = ttlLabel;
            return this;
        }

        /** {@code ephemeral-ns.keep-label}: a label key. */
        public Builder keepLabel(String keepLabel) {
            this.keepLabel = keepLabel;
            return this;
        }

        /** {@code ephemeral-ns.min-ttl}: at most max-ttl. */
        public Builder minTtl(Duration minTtl) {
            this.minTtl = minTtl;
            return this;
        }

        /** {@code ephemeral-ns.max-ttl}: at least min-ttl. */
        public Builder maxTtl(Duration maxTtl) {
            this.maxTtl = maxTtl;
            return this;
        }

        /** {@code ephemeral-ns.default-ttl}: empty means a TTL is required; else between min-ttl and max-ttl. */
        public Builder defaultTtl(Optional<Duration> defaultTtl) {
            this.defaultTtl = defaultTtl;
            return this;
        }

        /** {@code ephemeral-ns.keep-for}. */
        public Builder keepFor(Duration keepFor) {
            this.keepFor = keepFor;
            return this;
        }

        /** {@code ephemeral-ns.max-lifetime}. */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /** {@code ephemeral-ns.fallback-ttl}: empty means no fallback. */
        public Builder fallbackTtl(Optional<Duration> fallbackTtl) {
            this.fallbackTtl = fallbackTtl;
            return this;
        }

        /**
         * {@code ephemeral-ns.label-window}: a duration, never empty: a namespace can always become a CI namespace at
         * its creation, the window only adds the time after it.
         */
        public Builder labelWindow(Duration labelWindow) {
            this.labelWindow = labelWindow;
            return this;
        }

        /** Validates and builds the settings; the message of a refusal names the key. */
        public CiSettings build() {
            Set<String> names = new LinkedHashSet<>(SYSTEM_NAMESPACES);
            protectedNames.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
            ownNamespace.ifPresent(names::add);
            return new CiSettings(
                    CiSettings.selector("ephemeral-ns.selector", selector),
                    namePattern.flatMap(text -> pattern("ephemeral-ns.name-pattern", text)),
                    names,
                    labelKey("ephemeral-ns.ttl-label", ttlLabel),
                    labelKey("ephemeral-ns.keep-label", keepLabel),
                    minTtl, maxTtl, defaultTtl, keepFor, maxLifetime, fallbackTtl, labelWindow);
        }
    }
}
