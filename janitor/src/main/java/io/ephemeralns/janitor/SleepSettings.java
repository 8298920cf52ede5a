package io.ephemeralns.janitor;

import io.ephemeralns.common.Ttl;
import java.time.Duration;

/**
 * The sleep of kept namespaces' settings ({@code janitor.sleep.*}), validated once at start-up: a bad value stops the
 * program with a message naming the key.
 *
 * @param after    how long a kept namespace's workloads must be unchanged before it sleeps; zero = off
 * @param interval time between two checks
 */
public record SleepSettings(Duration after, Duration interval) {

    /**
     * Validates the configuration. The sleep needs {@code janitor.require-admission=true}: its record of the saved
     * replica counts is a namespace annotation, which only the admission webhook keeps a pipeline from forging, and
     * the janitor scales workloads through the RoleBinding the webhook's baseline puts in each CI namespace.
     */
    public static SleepSettings from(JanitorConfig.SleepConfig config, boolean requireAdmission) {
        Duration after = config.after().orElse(Duration.ZERO);
        if (after.isNegative()) {
            throw new IllegalArgumentException("janitor.sleep.after=" + Ttl.format(after) + " must be positive, e.g. 2h");
        }
        if (!after.isZero() && !requireAdmission) {
            throw new IllegalArgumentException("janitor.sleep.after is set but janitor.require-admission is false: the sleep"
                    + " needs the admission webhook (it guards the saved replica counts and grants the janitor its access"
                    + " inside CI namespaces); install the webhook, or unset janitor.sleep.after");
        }
        if (config.interval().isZero() || config.interval().isNegative()) {
            throw new IllegalArgumentException("janitor.sleep.interval=" + Ttl.format(config.interval())
                    + " must be positive, e.g. 1m");
        }
        return new SleepSettings(after, config.interval());
    }

    /** True when the sleep is on. */
    public boolean enabled() {
        return !after.isZero();
    }

    /** One line for the start-up log. */
    public String describe() {
        return "sleep.after=" + (enabled() ? Ttl.format(after) : "off") + " sleep.interval=" + Ttl.format(interval);
    }
}
