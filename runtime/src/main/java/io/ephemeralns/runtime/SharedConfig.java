package io.ephemeralns.runtime;

import io.ephemeralns.common.CiSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared settings of the contract ({@code ephemeral-ns.*}) as both programs read them. Durations are in the TTL
 * grammar ({@link TtlConverter}); the defaults are the contract's, named from their one home,
 * {@link CiSettings}'s {@code DEFAULT_*} constants. A key set to an empty value turns an optional setting off
 * ({@code ephemeral-ns.fallback-ttl=}). Each program turns this into its one {@link CiSettings} with
 * {@link #settings}, once, at start-up.
 */
@ConfigMapping(prefix = "ephemeral-ns")
public interface SharedConfig {

    /** Label selector of CI namespaces. */
    @WithDefault(CiSettings.DEFAULT_SELECTOR)
    String selector();

    /** Opt-in regex: names that make a namespace a CI namespace for the webhook even without labels; unset = off. */
    Optional<String> namePattern();

    /** Further protected namespaces; the system namespaces and the own namespace are always added. */
    @WithName("protected")
    Optional<List<String>> protectedNames();

    /** The product's namespace; unset = the pod's service-account namespace ({@link OwnNamespace}). */
    Optional<String> ownNamespace();

    @WithDefault(CiSettings.DEFAULT_TTL_LABEL)
    String ttlLabel();

    @WithDefault(CiSettings.DEFAULT_KEEP_LABEL)
    String keepLabel();

    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_MIN_TTL)
    Duration minTtl();

    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_MAX_TTL)
    Duration maxTtl();

    /** Lifetime given to a CI namespace without TTL; unset = the TTL is required. */
    @WithConverter(TtlConverter.class)
    Optional<Duration> defaultTtl();

    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_KEEP_FOR)
    Duration keepFor();

    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_MAX_LIFETIME)
    Duration maxLifetime();

    /** Lifetime the janitor assumes without a valid TTL; set empty to turn it off. */
    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_FALLBACK_TTL)
    Optional<Duration> fallbackTtl();

    @WithConverter(TtlConverter.class)
    @WithDefault(CiSettings.DEFAULT_LABEL_WINDOW)
    Duration labelWindow();

    /**
     * The validated shared settings.
     *
     * @param ownNamespace the namespace the program runs in, as the program resolved it (protected too)
     */
    static CiSettings settings(SharedConfig config, Optional<String> ownNamespace) {
        return CiSettings.builder()
                .selector(config.selector())
                .namePattern(config.namePattern())
                .protectedNames(config.protectedNames().orElse(List.of()))
                .ownNamespace(ownNamespace)
                .ttlLabel(config.ttlLabel())
                .keepLabel(config.keepLabel())
                .minTtl(config.minTtl())
                .maxTtl(config.maxTtl())
                .defaultTtl(config.defaultTtl())
                .keepFor(config.keepFor())
                .maxLifetime(config.maxLifetime())
                .fallbackTtl(config.fallbackTtl())
                .labelWindow(config.labelWindow())
                .build();
    }
}
