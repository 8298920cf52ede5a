package io.ephemeralns.janitor.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.kube.NamespaceSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerObservationTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant CREATED = Instant.parse("2026-11-30T11:00:00Z");

    private final OwnerMemory memory = new OwnerMemory();

    static NamespaceView namespace(String name, String uid, Map<String, String> labels) {
        return new NamespaceView(name, uid, Optional.of(CREATED), Optional.empty(), labels, Map.of());
    }

    static NamespaceSource source(NamespaceView... namespaces) {
        return (sink, restart) -> {
            List.of(namespaces).forEach(sink);
            return 1;
        };
    }

    private OwnerObservation observation(NamespaceSource source, boolean ready) {
        return new OwnerObservation(memory, source, () -> ready,
                namespace -> "true".equals(namespace.labels().get("ephemeral-ns.io/managed")),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void onlyAdmittedNamespacesAreRemembered() {
        int requests = observation(source(namespace("ci-1", "u1", Map.of("ephemeral-ns.io/managed", "true")),
                namespace("team", "u2", Map.of())), true).observe();
        assertThat(requests).isEqualTo(1);
        assertThat(memory.get("ci-1")).hasValue(new OwnerMemory.Owner("u1", CREATED, null));
        assertThat(memory.get("team")).isEmpty();
    }

    @Test
    void aSourceThatIsNotCompleteYetIsNotObservedSoNothingIsMarkedMissing() {
        memory.observe(Map.of("ci-1", new OwnerMemory.Owner("u1", CREATED, null)), CREATED);
        assertThat(observation(source(), false).observe()).isZero();
        assertThat(memory.get("ci-1").orElseThrow().goneSince()).isNull();
    }

    @Test
    void aListingRestartedAfter410ForgetsWhatItSawBefore() {
        NamespaceSource restarted = (sink, restart) -> {
            sink.accept(namespace("ci-old", "u0", Map.of("ephemeral-ns.io/managed", "true")));
            restart.run();
            sink.accept(namespace("ci-1", "u1", Map.of("ephemeral-ns.io/managed", "true")));
            return 2;
        };
        observation(restarted, true).observe();
        assertThat(memory.get("ci-old")).isEmpty();
        assertThat(memory.get("ci-1")).isPresent();
    }
}
