package io.ephemeralns.common;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shared settings of the contract ({@code ephemeral-ns.*}), already parsed and validated. Both programs
 * build one from their typed configuration with {@link #parse}, so a bad value stops either program at
 * start-up with the same message.
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

    /**
     * Every shared configuration key with its documented default; an empty default means "off".
     * Both programs read exactly these keys through {@link #fromConfig}.
     */
    public static final Map<String, String> KEYS = keys(
            "ephemeral-ns.selector", "created-by=ci-cd",
            "ephemeral-ns.name-pattern", "",
            "ephemeral-ns.protected", String.join(",", SYSTEM_NAMESPACES),
            "ephemeral-ns.ttl-label", "ttl",
            "ephemeral-ns.keep-label", "keep",
            "ephemeral-ns.min-ttl", "1m",
            "ephemeral-ns.max-ttl", "72h",
            "ephemeral-ns.default-ttl", "",
            "ephemeral-ns.keep-for", "24h",
            "ephemeral-ns.max-lifetime", "7d",
            "ephemeral-ns.fallback-ttl", "24h",
            "ephemeral-ns.label-window", "5m");

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

    /**
     * Builds settings from the raw strings of the configuration; every error names the key, the value and
     * what is accepted. Blank optional values mean "off".
     *
     * @param protectedNames the configured protected list; the system namespaces are always added
     * @param ownNamespace   the namespace the program runs in (protected too), or blank when unknown
     */
    public static CiSettings parse(
            String selector,
            String namePattern,
            List<String> protectedNames,
            String ownNamespace,
            String ttlLabel,
            String keepLabel,
            String minTtl,
            String maxTtl,
            String defaultTtl,
            String keepFor,
            String maxLifetime,
            String fallbackTtl) {
        return parse(selector, namePattern, protectedNames, ownNamespace, ttlLabel, keepLabel, minTtl, maxTtl, defaultTtl,
                keepFor, maxLifetime, fallbackTtl, KEYS.get("ephemeral-ns.label-window"));
    }

    /**
     * Like the other {@code parse}, with {@code ephemeral-ns.label-window} given too (a duration, never empty: a
     * namespace can always become a CI namespace at its creation, the window only adds the time after it).
     */
    public static CiSettings parse(
            String selector,
            String namePattern,
            List<String> protectedNames,
            String ownNamespace,
            String ttlLabel,
            String keepLabel,
            String minTtl,
            String maxTtl,
            String defaultTtl,
            String keepFor,
            String maxLifetime,
            String fallbackTtl,
            String labelWindow) {
        Set<String> names = new LinkedHashSet<>(SYSTEM_NAMESPACES);
        if (protectedNames != null) {
            protectedNames.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
        }
        if (ownNamespace != null && !ownNamespace.isBlank()) {
            names.add(ownNamespace.trim());
        }
        return new CiSettings(
                selector("ephemeral-ns.selector", selector),
                pattern("ephemeral-ns.name-pattern", namePattern),
                names,
                labelKey("ephemeral-ns.ttl-label", ttlLabel),
                labelKey("ephemeral-ns.keep-label", keepLabel),
                duration("ephemeral-ns.min-ttl", minTtl),
                duration("ephemeral-ns.max-ttl", maxTtl),
                optionalDuration("ephemeral-ns.default-ttl", defaultTtl),
                duration("ephemeral-ns.keep-for", keepFor),
                duration("ephemeral-ns.max-lifetime", maxLifetime),
                optionalDuration("ephemeral-ns.fallback-ttl", fallbackTtl),
                duration("ephemeral-ns.label-window", labelWindow));
    }

    /**
     * Reads the shared keys through a lookup (a program passes its MicroProfile Config), falling back to the
     * defaults of {@link #KEYS}. A key set to an empty value means "off" where that is allowed.
     */
    public static CiSettings fromConfig(Function<String, Optional<String>> config, String ownNamespace) {
        Function<String, String> value = key -> config.apply(key).orElse(KEYS.get(key));
        return parse(
                value.apply("ephemeral-ns.selector"),
                value.apply("ephemeral-ns.name-pattern"),
                Arrays.asList(value.apply("ephemeral-ns.protected").split(",")),
                ownNamespace,
                value.apply("ephemeral-ns.ttl-label"),
                value.apply("ephemeral-ns.keep-label"),
                value.apply("ephemeral-ns.min-ttl"),
                value.apply("ephemeral-ns.max-ttl"),
                value.apply("ephemeral-ns.default-ttl"),
                value.apply("ephemeral-ns.keep-for"),
                value.apply("ephemeral-ns.max-lifetime"),
                value.apply("ephemeral-ns.fallback-ttl"),
                value.apply("ephemeral-ns.label-window"));
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

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** The contract's defaults, with the given namespace protected as the product's own. */
    public static CiSettings defaults(String ownNamespace) {
        return fromConfig(key -> Optional.empty(), ownNamespace);
    }

    /** Parses a duration setting in the TTL grammar; the message names the key. */
    public static Duration duration(String key, String value) {
        try {
            return Ttl.parse(value == null ? null : value.trim());
        } catch (InvalidTtlException e) {
            throw new IllegalArgumentException(key + "=\"" + (value == null ? "" : value)
                    + "\" is not a valid duration: " + Ttl.ACCEPTED, e);
        }
    }

    /** Like {@link #duration} but blank means empty (off). */
    public static Optional<Duration> optionalDuration(String key, String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(duration(key, value));
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
}
