package io.ephemeralns.janitor.storage;

import static io.ephemeralns.janitor.Namespaces.admitted;
import static io.ephemeralns.janitor.Namespaces.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The leaked-storage scan against the fabric8 mock server: what it labels, reports and reclaims, and that dry-run and
 * a replica that lost its Lease write nothing. The scan is built here (the program's is off by default) on a fixed
 * clock; the API server's own behaviour (preconditions, lastPhaseTransitionTime) is tested end to end.
 */
@QuarkusTest
@WithKubernetesTestServer
class VolumeScanOnMockServerTest extends MockServerTest {

    private static final Instant RELEASED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    @Inject
    NamespaceLister lister;

    @Inject
    SweepPlanner scope;

    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final StorageSnapshot snapshot = new StorageSnapshot();
    private StorageMetrics metrics;

    @BeforeEach
    void emptyClusterWithVolumes() {
        emptyCluster();
        client.persistentVolumes().delete();
        leader.set(true);
        metrics = new StorageMetrics(registry);
    }

    @AfterEach
    void removeMeters() {
        metrics.close();
    }

    private VolumeScan scan(Instant now, boolean dryRun) {
        ActionGate gate = new ActionGate(leader::get, new JanitorMetrics(registry));
        gate.clock(ClockSkew.Verdict.TRUSTED);
        VolumeActions actions = new VolumeActions(new PersistentVolumes(client, 500),
                new VolumePlanner(Optional.of(GRACE), 10, 10), gate, TokenBucket.perSecond(1000), dryRun, metrics,
                new JanitorMetrics(registry), Clock.fixed(now, ZoneOffset.UTC));
        return new VolumeScan(new CiNamespaces(lister, scope), actions, snapshot, Duration.ofMinutes(15));
    }

    private void volume(String name, String phase, String claimNamespace, Map<String, String> labels,
            Map<String, String> annotations) {
        PersistentVolume volume = new PersistentVolumeBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withStorageClassName("fast").withPersistentVolumeReclaimPolicy("Retain")
                .withCapacity(Map.of("storage", new Quantity("2Gi")))
                .withNewClaimRef().withNamespace(claimNamespace).withName("data").withUid("claim-" + name).endClaimRef()
                .withNewHostPath().withPath("/tmp/" + name).endHostPath().endSpec()
                .withNewStatus().withPhase(phase).withLastPhaseTransitionTime(RELEASED.toString()).endStatus().build();
        client.persistentVolumes().resource(volume).create();
    }

    private PersistentVolume read(String name) {
        return client.persistentVolumes().withName(name).get();
    }

    private static Map<String, String> owner(String namespace) {
        return Map.of(ProductKeys.OWNER_NAMESPACE, namespace);
    }

    @Test
    void labelsTheVolumesBoundInLiveCiNamespacesOnly() throws InterruptedException {
        admitted(client, "ci-a", "created-by", "ci-cd", "ttl", "1h");
        create(client, "team-a", "created-by", "human");
        volume("pv-ci", "Bound", "ci-a", Map.of(), Map.of());
        volume("pv-team", "Bound", "team-a", Map.of(), Map.of());

        VolumeScan.Result result = scan(RELEASED, false).scanIfDue().orElseThrow();

        String uid = client.namespaces().withName("ci-a").get().getMetadata().getUid();
        assertThat(result.labelled()).isEqualTo(1);
        assertThat(read("pv-ci").getMetadata().getLabels()).containsEntry(ProductKeys.OWNER_NAMESPACE, "ci-a");
        assertThat(read("pv-ci").getMetadata().getAnnotations()).containsEntry(ProductKeys.OWNER_NAMESPACE_UID, uid);
        assertThat(read("pv-team").getMetadata().getLabels()).doesNotContainKey(ProductKeys.OWNER_NAMESPACE);
    }

    @Test
    void reportsLeaksByStorageClassAndOwnerInTheMetricsAndTheSnapshot() throws InterruptedException {
        volume("pv-ci", "Released", "gone-ci", owner("gone-ci"), Map.of());
        volume("pv-unknown", "Released", "gone-other", Map.of(), Map.of());

        scan(RELEASED, false).scanIfDue().orElseThrow();

        assertThat(registry.get("ephemeral.ns.leaked.volumes").tags("storage_class", "fast", "owner", "ci").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("ephemeral.ns.leaked.volume.bytes").tags("storage_class", "fast", "owner", "unknown")
                .gauge().value()).isEqualTo(2.0 * (1L << 30));
        assertThat(snapshot.latest().leakedVolumes()).extracting(StorageReport.Entry::name, StorageReport.Entry::owner,
                StorageReport.Entry::reclaimAt).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pv-ci", "ci", RELEASED.plus(GRACE).toString()),
                        org.assertj.core.groups.Tuple.tuple("pv-unknown", "unknown", null));
    }

    @Test
    void reclaimsALeakedCiVolumePastItsGraceThenDeletesItWhenItIsStillThere() throws InterruptedException {
        volume("pv-ci", "Released", "gone-ci", owner("gone-ci"), Map.of());
        volume("pv-unknown", "Released", "gone-other", Map.of(), Map.of());

        assertThat(scan(RELEASED.plus(GRACE).minusSeconds(1), false).scanIfDue().orElseThrow().reclaimed()).isZero();
        assertThat(read("pv-ci").getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");

        assertThat(scan(RELEASED.plus(GRACE), false).scanIfDue().orElseThrow().reclaimed()).isEqualTo(1);
        assertThat(read("pv-ci").getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");

        assertThat(scan(RELEASED.plus(GRACE).plusSeconds(60), false).scanIfDue().orElseThrow().reclaimed()).isEqualTo(1);
        assertThat(read("pv-ci")).isNull();
        assertThat(read("pv-unknown")).as("an unknown owner's volume is never reclaimed").isNotNull();
        assertThat(read("pv-unknown").getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    }

    @ParameterizedTest(name = "dry-run {0}, leader {1}: nothing is written")
    @CsvSource({"true, true", "false, false"})
    void neitherDryRunNorAReplicaThatLostItsLeaseWritesAnything(boolean dryRun, boolean leads)
            throws InterruptedException {
        admitted(client, "ci-a", "created-by", "ci-cd", "ttl", "1h");
        volume("pv-bound", "Bound", "ci-a", Map.of(), Map.of());
        volume("pv-ci", "Released", "gone-ci", owner("gone-ci"), Map.of());
        leader.set(leads);

        VolumeScan.Result result = scan(RELEASED.plus(GRACE), dryRun).scanIfDue().orElseThrow();

        assertThat(result.plan().labels()).hasSize(1);
        assertThat(result.plan().deletions()).hasSize(1);
        assertThat(result.labelled() + result.reclaimed()).isZero();
        assertThat(read("pv-bound").getMetadata().getLabels()).doesNotContainKey(ProductKeys.OWNER_NAMESPACE);
        assertThat(read("pv-ci").getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    }

    @Test
    void scansAtMostOncePerIntervalAndAtOnceAfterStandingBy() throws InterruptedException {
        VolumeScan scan = scan(RELEASED, false);
        assertThat(scan.scanIfDue()).isPresent();
        assertThat(scan.scanIfDue()).as("within the interval").isEmpty();

        scan.standBy();

        assertThat(scan.scanIfDue()).isPresent();
    }

    @Test
    void aReplicaStandingByExportsNoLeakAndNoReport() throws InterruptedException {
        volume("pv-ci", "Released", "gone-ci", owner("gone-ci"), Map.of());
        VolumeScan scan = scan(RELEASED, false);
        scan.scanIfDue().orElseThrow();
        assertThat(registry.find("ephemeral.ns.leaked.volumes").gauges()).isNotEmpty();

        scan.standBy();

        assertThat(registry.find("ephemeral.ns.leaked.volumes").gauges()).isEmpty();
        assertThat(registry.find("ephemeral.ns.leaked.volume.bytes").gauges()).isEmpty();
        assertThat(snapshot.latest()).isNull();
    }
}
