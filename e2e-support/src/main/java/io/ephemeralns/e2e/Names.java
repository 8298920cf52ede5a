package io.ephemeralns.e2e;

import java.util.concurrent.ThreadLocalRandom;

/** Namespace names in the seed's pattern, unique per test: {@code test-<branch>-<sha>}. */
public final class Names {

    private Names() {
    }

    public static String ciNamespace(String branch) {
        return "test-" + branch + "-" + sha().substring(0, 7);
    }

    public static String sha() {
        StringBuilder sha = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sha.append("0123456789abcdef".charAt(ThreadLocalRandom.current().nextInt(16)));
        }
        return sha.toString();
    }
}
