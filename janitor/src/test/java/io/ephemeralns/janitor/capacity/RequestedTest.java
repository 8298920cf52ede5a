package io.ephemeralns.janitor.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestedTest {

    @ParameterizedTest(name = "{0} is {1} cores and {2} bytes")
    @CsvSource({
            "250m, 0.25, 1",
            "100u, 0.0001, 1",
            "1, 1.0, 1",
            "1.5, 1.5, 2",
            "5e-1, 0.5, 1",
            "1E1, 10.0, 10",
            "0, 0.0, 0",
            "1k, 1000.0, 1000",
            "500M, 5.0E8, 500000000",
            "1G, 1.0E9, 1000000000",
            "129e6, 1.29E8, 129000000",
            "128974848, 1.28974848E8, 128974848",
            "1Ki, 1024.0, 1024",
            "64Mi, 67108864.0, 67108864",
            "1.5Gi, 1610612736.0, 1610612736",
            "2Gi, 2147483648.0, 2147483648",
            "1Ti, 1099511627776.0, 1099511627776",
    })
    void quantitiesAreCoresAndWholeBytesRoundedUp(String quantity, double cores, long bytes) {
        assertThat(Requested.cores(new Quantity(quantity))).isEqualTo(cores);
        assertThat(Requested.bytes(new Quantity(quantity))).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "\"{0}\" counts as zero")
    @CsvSource({"abc", "12Xi", "-1Gi", "1Gi2"})
    void aMalformedOrNegativeQuantityCountsAsZero(String quantity) {
        assertThat(Requested.bytes(new Quantity(quantity))).isZero();
        assertThat(Requested.cores(new Quantity(quantity))).isZero();
    }

    @Test
    void anAbsentQuantityCountsAsZero() {
        assertThat(Requested.bytes(null)).isZero();
        assertThat(Requested.cores(null)).isZero();
    }

    @Test
    void readsRequestsLimitsAndStorageFromAQuotasUsage() {
        Requested held = Requested.ofUsed(used("requests.cpu", "1500m", "requests.memory", "1Gi",
                "requests.storage", "10Gi", "limits.cpu", "3", "limits.memory", "2Gi", "pods", "4"));

        assertThat(held).isEqualTo(new Requested(1.5, 1L << 30, 10L << 30, 3.0, 2L << 30));
    }

    @Test
    void takesTheOlderSpellingOfCpuAndMemoryRequestsToo() {
        assertThat(Requested.ofUsed(used("cpu", "500m", "memory", "256Mi")))
                .isEqualTo(new Requested(0.5, 256L << 20, 0, 0, 0));
    }

    @Test
    void aQuotaWithoutUsageHoldsNothing() {
        assertThat(Requested.ofUsed(null)).isEqualTo(Requested.NONE);
        assertThat(Requested.ofUsed(Map.of())).isEqualTo(Requested.NONE);
    }

    @Test
    void twoQuotasOfOneNamespaceCountTheMostEitherSaysResourceByResource() {
        Requested first = new Requested(1, 100, 0, 2, 0);
        Requested second = new Requested(0.5, 300, 50, 0, 10);

        assertThat(first.max(second)).isEqualTo(new Requested(1, 300, 50, 2, 10));
    }

    @Test
    void sumsSaturateInsteadOfOverflowing() {
        Requested huge = new Requested(0, Long.MAX_VALUE, 0, 0, 0);

        assertThat(huge.plus(new Requested(0, 1, 0, 0, 0)).memoryBytes()).isEqualTo(Long.MAX_VALUE);
    }

    private static Map<String, Quantity> used(String... keysAndValues) {
        Map<String, Quantity> used = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            used.put(keysAndValues[i], new Quantity(keysAndValues[i + 1]));
        }
        return used;
    }
}
