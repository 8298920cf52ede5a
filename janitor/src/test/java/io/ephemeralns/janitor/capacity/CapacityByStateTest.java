package io.ephemeralns.janitor.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityByStateTest {

    private static final Requested ONE_CORE_1GI = new Requested(1, 1L << 30, 0, 2, 2L << 30);
    private static final Requested HALF_CORE_10GI_DISK = new Requested(0.5, 0, 10L << 30, 0, 0);

    @Test
    void sumsTheNamespacesOfEachState() {
        Map<NamespaceState, Requested> sums = CapacityByState.sum(
                Map.of("a", NamespaceState.ACTIVE, "b", NamespaceState.ACTIVE, "c", NamespaceState.EXPIRED,
                        "d", NamespaceState.STUCK),
                Map.of("a", ONE_CORE_1GI, "b", HALF_CORE_10GI_DISK, "c", ONE_CORE_1GI, "d", HALF_CORE_10GI_DISK));

        assertThat(sums.get(NamespaceState.ACTIVE)).isEqualTo(new Requested(1.5, 1L << 30, 10L << 30, 2, 2L << 30));
        assertThat(sums.get(NamespaceState.EXPIRED)).isEqualTo(ONE_CORE_1GI);
        assertThat(sums.get(NamespaceState.STUCK)).isEqualTo(HALF_CORE_10GI_DISK);
    }

    @Test
    void everyStateIsPresentZeroIncluded() {
        Map<NamespaceState, Requested> sums = CapacityByState.sum(Map.of(), Map.of());

        assertThat(sums).containsOnlyKeys(NamespaceState.values());
        assertThat(sums.values()).containsOnly(Requested.NONE);
    }

    @Test
    void aQuotaInANamespaceThatIsNotACiNamespaceCountsNothing() {
        Map<NamespaceState, Requested> sums = CapacityByState.sum(Map.of("ci", NamespaceState.KEPT),
                Map.of("ci", ONE_CORE_1GI, "team-a", HALF_CORE_10GI_DISK));

        assertThat(sums.get(NamespaceState.KEPT)).isEqualTo(ONE_CORE_1GI);
        assertThat(sums.values().stream().mapToDouble(Requested::cpuCores).sum()).isEqualTo(1.0);
    }

    @Test
    void aCiNamespaceWithoutABaselineQuotaCountsNothing() {
        Map<NamespaceState, Requested> sums = CapacityByState.sum(
                Map.of("with", NamespaceState.TERMINATING, "without", NamespaceState.TERMINATING),
                Map.of("with", HALF_CORE_10GI_DISK));

        assertThat(sums.get(NamespaceState.TERMINATING)).isEqualTo(HALF_CORE_10GI_DISK);
    }
}
