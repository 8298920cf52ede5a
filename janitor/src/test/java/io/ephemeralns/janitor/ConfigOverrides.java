package io.ephemeralns.janitor;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile that overrides configuration keys, given as {@code key, value, key, value...}: a test's profile is
 * then one line, {@code public static class P extends ConfigOverrides { public P() { super("k", "v"); } }}.
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    protected ConfigOverrides(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        this.overrides = Map.copyOf(map);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
