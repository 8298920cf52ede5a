package io.ephemeralns.janitor.forge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The deliveries under {@code src/test/resources/forge/}, shaped like the forges' documented examples. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The bytes of {@code forge/<name>.json}. */
    public static byte[] delivery(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/forge/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture forge/" + name + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
