package io.ephemeralns.janitor.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ephemeral_ns_leaked_volumes{storage_class, owner}} and {@code ephemeral_ns_leaked_volume_bytes{storage_class,
 * owner}} as of the last scan (labels bounded: the cluster's storage classes, empty for none, and {@code ci} or
 * {@code unknown}); {@code ephemeral_ns_leaked_volumes_reclaimed_total{action}} and
 * {@code ephemeral_ns_volume_owner_labels_total}. A replica that does not scan exports no leak series, so that a former
 * leader's last figures never linger beside the leader's.
 */
public class StorageMetrics {

    private final MeterRegistry registry;
    private final MultiGauge volumes;
    private final MultiGauge bytes;
    private final Map<VolumeDeletion.Action, Counter> reclaimed = new EnumMap<>(VolumeDeletion.Action.class);
    private final Counter labelled;
    private final List<Meter> meters = new ArrayList<>();

    public StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
        volumes = MultiGauge.builder("ephemeral.ns.leaked.volumes")
                .description("PersistentVolumes Released or Failed whose claim's namespace is gone, as of the last scan")
                .register(registry);
        bytes = MultiGauge.builder("ephemeral.ns.leaked.volume.bytes")
                .description("Capacity of those PersistentVolumes, as of the last scan")
                .register(registry);
        for (VolumeDeletion.Action action : VolumeDeletion.Action.values()) {
            Counter counter = Counter.builder("ephemeral.ns.leaked.volumes.reclaimed")
                    .description("Leaked CI volumes reclaimed (policy set to Delete) or deleted")
                    .tag("action", action.tag())
                    .register(registry);
            reclaimed.put(action, counter);
            meters.add(counter);
        }
        labelled = Counter.builder("ephemeral.ns.volume.owner.labels")
                .description("PersistentVolumes labelled ephemeral-ns.io/owner-namespace")
                .register(registry);
        meters.add(labelled);
    }

    /** Publishes the leaks of one scan, by storage class and owner. */
    public void leaked(List<LeakedVolume> leaked) {
        Map<Key, long[]> sums = new TreeMap<>();
        for (LeakedVolume volume : leaked) {
            long[] sum = sums.computeIfAbsent(new Key(volume.storageClass() == null ? "" : volume.storageClass(),
                    volume.owner().tag()), key -> new long[2]);
            sum[0]++;
            sum[1] = saturatedSum(sum[1], volume.capacityBytes());
        }
        volumes.register(sums.entrySet().stream().map(entry -> MultiGauge.Row.of(entry.getKey().tags(),
                (double) entry.getValue()[0])).toList(), true);
        bytes.register(sums.entrySet().stream().map(entry -> MultiGauge.Row.of(entry.getKey().tags(),
                (double) entry.getValue()[1])).toList(), true);
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Exports no leak series (a replica that does not scan). */
    public void clear() {
        volumes.register(List.of(), true);
        bytes.register(List.of(), true);
    }

    /** Counts one reclaim. */
    public void reclaimed(VolumeDeletion.Action action) {
        reclaimed.get(action).increment();
    }

    /** Counts one owner label written. */
    public void labelled() {
        labelled.increment();
    }

    /** Removes the meters, so that a registry outliving the program never serves a stopped janitor's figures. */
    public void close() {
        clear();
        meters.forEach(registry::remove);
        meters.clear();
    }

    private record Key(String storageClass, String owner) implements Comparable<Key> {
        Tags tags() {
            return Tags.of("storage_class", storageClass, "owner", owner);
        }

        @Override
        public int compareTo(Key other) {
            int byClass = storageClass.compareTo(other.storageClass);
            return byClass != 0 ? byClass : owner.compareTo(other.owner);
        }
    }
}
