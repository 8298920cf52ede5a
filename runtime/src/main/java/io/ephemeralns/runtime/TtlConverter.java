package io.ephemeralns.runtime;

import io.ephemeralns.common.InvalidTtlException;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a duration setting in the contract's TTL grammar ({@code 90s}, {@code 1h30m}, {@code 7d}), so that a value
 * that works as a pipeline's {@code ttl} label works in every setting of both programs. Named on each
 * {@code @ConfigMapping} duration with {@code @WithConverter}, not registered for all of {@link Duration}: Quarkus's
 * own settings keep their grammar ({@code PT0.2S}).
 *
 * <p>A bad value stops the program at start-up; the configuration names the key, this message the value and the
 * accepted forms ({@link Ttl#ACCEPTED}).
 */
public class TtlConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        if (value == null || value.isBlank()) {
            return null; // blank is "not set": the mapping's default applies, or an optional setting is off
        }
        try {
            return Ttl.parse(value.trim());
        } catch (InvalidTtlException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a valid duration: " + Ttl.ACCEPTED, e);
        }
    }
}
