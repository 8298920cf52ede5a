package io.ephemeralns.janitor.capacity;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity one CI namespace holds, as its baseline ResourceQuota counts it ({@code status.used}): the quota
 * admission charges a Pod's requests and limits when the Pod is created, scheduled or not, so no Pod is read.
 * A resource the quota does not track counts as zero.
 *
 * @param cpuCores         requested CPU ({@code requests.cpu}, or its older spelling {@code cpu})
 * @param memoryBytes      requested memory ({@code requests.memory} or {@code memory})
 * @param storageBytes     requested storage of PersistentVolumeClaims ({@code requests.storage})
 * @param cpuLimitCores    CPU limits ({@code limits.cpu})
 * @param memoryLimitBytes memory limits ({@code limits.memory})
 */
public record Requested(double cpuCores, long memoryBytes, long storageBytes, double cpuLimitCores,
        long memoryLimitBytes) {

    /** Nothing held. */
    public static final Requested NONE = new Requested(0, 0, 0, 0, 0);

    /**
     * The figures of a quota's {@code status.used}. A quantity that does not parse counts as zero (the API server
     * writes only valid ones; a broken one must not stop the sweep).
     */
    public static Requested ofUsed(Map<String, Quantity> used) {
        if (used == null || used.isEmpty()) {
            return NONE;
        }
        return new Requested(
                Math.max(cores(used.get("requests.cpu")), cores(used.get("cpu"))),
                Math.max(bytes(used.get("requests.memory")), bytes(used.get("memory"))),
                bytes(used.get("requests.storage")),
                cores(used.get("limits.cpu")),
                bytes(used.get("limits.memory")));
    }

    /**
     * The larger of two figures, resource by resource: two quotas of one namespace each count the same Pods, so a
     * namespace holds the most any of them counts, never their sum.
     */
    public Requested max(Requested other) {
        return new Requested(Math.max(cpuCores, other.cpuCores), Math.max(memoryBytes, other.memoryBytes),
                Math.max(storageBytes, other.storageBytes), Math.max(cpuLimitCores, other.cpuLimitCores),
                Math.max(memoryLimitBytes, other.memoryLimitBytes));
    }

    /** The sum of two namespaces' figures. */
    public Requested plus(Requested other) {
        return new Requested(cpuCores + other.cpuCores, saturated(memoryBytes, other.memoryBytes),
                saturated(storageBytes, other.storageBytes), cpuLimitCores + other.cpuLimitCores,
                saturated(memoryLimitBytes, other.memoryLimitBytes));
    }

    /** A quantity in cores ({@code 250m} = 0.25); zero when absent or malformed. */
    static double cores(Quantity quantity) {
        return amount(quantity).map(BigDecimal::doubleValue).orElse(0.0);
    }

    /** A quantity in bytes, rounded up ({@code 1Ki} = 1024, {@code 1G} = 10^9); zero when absent or malformed. */
    public static long bytes(Quantity quantity) {
        return amount(quantity).map(amount -> {
            BigDecimal whole = amount.setScale(0, RoundingMode.CEILING);
            return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : whole.longValue();
        }).orElse(0L);
    }

    private static Optional<BigDecimal> amount(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return Optional.empty();
        }
        try {
            BigDecimal amount = quantity.getNumericalAmount();
            return amount.signum() < 0 ? Optional.empty() : Optional.of(amount);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long saturated(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
