package io.ephemeralns.common;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One-line namespace fixtures: {@code ns("test-a").created(T0).label("ttl", "1h").view()}. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final CiSettings DEFAULTS = CiSettings.defaults("ephemeral-ns");

    private Fixtures() {
    }

    static Builder ns(String name) {
        return new Builder(name);
    }

    static Builder ci(String name) {
        return new Builder(name).label("created-by", "ci-cd");
    }

    static final class Builder {
        private final String name;
        private Instant created = T0;
        private Instant deleting;
        private final Map<String, String> labels = new HashMap<>();
        private final Map<String, String> annotations = new HashMap<>();

        Builder(String name) {
            this.name = name;
        }

        Builder created(Instant at) {
            this.created = at;
            return this;
        }

        Builder deleting(Instant at) {
            this.deleting = at;
            return this;
        }

        Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        Builder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        NamespaceView view() {
            return new NamespaceView(name, "uid-" + name, Optional.ofNullable(created), Optional.ofNullable(deleting),
                    labels, annotations);
        }
    }
}
