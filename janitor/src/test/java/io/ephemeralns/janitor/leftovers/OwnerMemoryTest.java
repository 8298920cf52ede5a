package io.ephemeralns.janitor.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerMemoryTest {

    static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    static final Instant CREATED = Instant.parse("2026-11-30T08:00:00Z");

    private final OwnerMemory memory = new OwnerMemory();

    private static OwnerMemory.Owner alive(String uid) {
        return new OwnerMemory.Owner(uid, CREATED, null);
    }

    @Test
    void aNamespaceNoLongerObservedIsMissingFromThatObservation() {
        memory.observe(Map.of("ci-1", alive("u1"), "ci-2", alive("u2")), T0);
        memory.observe(Map.of("ci-2", alive("u2")), T0.plusSeconds(60));
        assertThat(memory.get("ci-1")).hasValue(new OwnerMemory.Owner("u1", CREATED, T0.plusSeconds(60)));
        assertThat(memory.get("ci-2")).hasValue(alive("u2"));
    }

    @Test
    void theFirstMissingTimeIsKept() {
        memory.observe(Map.of("ci-1", alive("u1")), T0);
        memory.observe(Map.of(), T0.plusSeconds(60));
        memory.observe(Map.of(), T0.plusSeconds(120));
        memory.missing("ci-1", T0.plusSeconds(180));
        assertThat(memory.get("ci-1").orElseThrow().goneSince()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aNamespaceReCreatedUnderTheNameIsRememberedAsTheNewOne() {
        memory.observe(Map.of("ci-1", alive("u1")), T0);
        memory.observe(Map.of(), T0.plusSeconds(60));
        Instant later = CREATED.plus(Duration.ofHours(2));
        memory.observe(Map.of("ci-1", new OwnerMemory.Owner("u9", later, null)), T0.plusSeconds(120));
        assertThat(memory.get("ci-1")).hasValue(new OwnerMemory.Owner("u9", later, null));
    }

    @Test
    void aMissingReportForANamespaceNeverSeenIsIgnored() {
        memory.missing("kube-system", T0);
        assertThat(memory.get("kube-system")).isEmpty();
    }

    @Test
    void onlyNamespacesMissingLongEnoughAndNamedByNoObjectAreForgotten() {
        memory.observe(Map.of("old", alive("u1"), "named", alive("u2"), "recent", alive("u3"), "live", alive("u4")), T0);
        memory.observe(Map.of("recent", alive("u3"), "live", alive("u4")), T0.plusSeconds(60));
        memory.observe(Map.of("live", alive("u4")), T0.plusSeconds(600));
        memory.forget(T0.plusSeconds(300), Set.of("named"));
        assertThat(memory.get("old")).isEmpty();
        assertThat(memory.get("named")).isPresent();
        assertThat(memory.get("recent")).isPresent();
        assertThat(memory.get("live")).isPresent();
        assertThat(memory.size()).isEqualTo(3);
    }
}
