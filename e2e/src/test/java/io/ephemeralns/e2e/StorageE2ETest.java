package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Leaked storage end to end: janitors as real processes under the chart's RBAC with {@code janitor.storage.enabled} and
 * {@code janitor.storage.deleteAfter} (files/rbac/janitor-storage.yaml and janitor-storage-delete.yaml), and the janitor's
 * own account refused by the chart's ValidatingAdmissionPolicy ephemeral-ns-janitor-persistentvolumes outside leaked CI
 * volumes.
 *
 * <p>The e2e control plane runs no persistentvolume-binder, pv-protection nor pvc-protection controller
 * (e2e/scripts/control-plane-lib.sh): the test does their part as the cluster's administrator. It pre-binds each
 * volume to its claim (claimRef), sets the volume's phase through the status subresource (Bound, then Released once
 * the claim's namespace is gone, as the binder would), and removes the protection finalizers that admission puts on
 * claims and volumes (the protection controllers would remove them once nothing uses them). The API server itself
 * stamps status.lastPhaseTransitionTime, which the grace is counted from.
 */
class StorageE2ETest extends E2eTest {

    private static final String CLASS = "e2e-manual";

    @Test
    void labelsReportsAndReclaimsOnlyTheVolumesOfGoneCiNamespacesAndDryRunChangesNothing() {
        String ci = Names.ciNamespace("storage");
        String team = ci.replace("test-", "team-");
        String stranger = ci.replace("test-", "gone-");
        String ciVolume = ci + "-pv";
        String teamVolume = team + "-pv";
        String strangerVolume = stranger + "-pv";
        env.controlPlane.installChart(env.webhook.baseUrl(), "janitor.storage.enabled=true",
                "janitor.storage.deleteAfter=5s");
        try {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ci)
                    .withLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).endMetadata().build()).create();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(team)
                    .withLabels(Map.of("created-by", "human")).endMetadata().build()).create();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "applied".equals(admin.namespaces().withName(ci).get().getMetadata().getAnnotations()
                            .get("ephemeral-ns.io/baseline")));
            boundVolume(ciVolume, ci);
            boundVolume(teamVolume, team);
            releasedVolumeOfANamespaceThatNeverExisted(strangerVolume, stranger);

            Map<String, String> storage = Map.of("janitor.interval", "1s", "janitor.storage.enabled", "true",
                    "janitor.storage.interval", "1s", "janitor.leader-election.enabled", "false");
            try (ProgramProcess janitor = env.startJanitor(storage)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ci.equals(label(ciVolume)));
                String ciUid = admin.namespaces().withName(ci).get().getMetadata().getUid();
                assertThat(volume(ciVolume).getMetadata().getAnnotations())
                        .containsEntry("ephemeral-ns.io/owner-namespace-uid", ciUid);
                assertThat(label(teamVolume)).as("a volume of a namespace that is not CI is not labelled").isNull();

                deleteAndRelease(ci, ciVolume);
                deleteAndRelease(team, teamVolume);
                assertThat(volume(ciVolume).getStatus().getLastPhaseTransitionTime())
                        .as("the API server stamps the release").isNotNull();

                Pattern ciLeak = Pattern.compile("\"name\":\"" + Pattern.quote(ciVolume) + "\",\"storageClass\":\""
                        + CLASS + "\",\"capacityBytes\":1073741824,\"claim\":\"" + Pattern.quote(ci)
                        + "/data\",\"owner\":\"ci\"");
                Pattern teamLeak = Pattern.compile("\"name\":\"" + Pattern.quote(teamVolume) + "\"[^}]*\"owner\":\"unknown\"");
                Pattern strangerLeak = Pattern.compile("\"name\":\"" + Pattern.quote(strangerVolume)
                        + "\"[^}]*\"owner\":\"unknown\"");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> janitor.get("/namespaces"), report -> ciLeak.matcher(report).find()
                                && teamLeak.matcher(report).find() && strangerLeak.matcher(report).find());
                assertThat(janitor.get("/q/metrics")).containsPattern(
                        "ephemeral_ns_leaked_volumes\\{owner=\"ci\",storage_class=\"" + CLASS + "\"} 1\\.0")
                        .containsPattern("ephemeral_ns_leaked_volumes\\{owner=\"unknown\",storage_class=\"" + CLASS
                                + "\"} 2\\.0")
                        .containsPattern("ephemeral_ns_leaked_volume_bytes\\{owner=\"ci\",storage_class=\"" + CLASS
                                + "\"} 1\\.073741824E9");
                // a scan publishes its report before it writes: a reclaim of the scan just read would come after it
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        janitor.log()).as("without delete-after nothing is reclaimed").doesNotContain("reclaim policy Delete on"));
            }

            // the janitor's own account, bounded by ValidatingAdmissionPolicy ephemeral-ns-janitor-persistentvolumes
            Kubectl asJanitor = new Kubectl(env.janitorKubeconfig);
            Shell.Result reclaim = asJanitor.run("patch", "persistentvolume", teamVolume, "--type", "merge", "-p",
                    "{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Delete\"}}");
            assertThat(reclaim.exit()).isNotZero();
            assertThat(reclaim.stderr()).contains("ephemeral-ns policy").contains("is not a leaked CI volume");
            Shell.Result delete = asJanitor.run("delete", "persistentvolume", strangerVolume, "--wait=false");
            assertThat(delete.exit()).isNotZero();
            assertThat(delete.stderr()).contains("ephemeral-ns policy").contains("deletes only those");
            Shell.Result mislabel = asJanitor.run("label", "persistentvolume", teamVolume,
                    "ephemeral-ns.io/owner-namespace=" + ci);
            assertThat(mislabel.exit()).isNotZero();
            assertThat(mislabel.stderr()).contains("only with the namespace of its claim");

            try (ProgramProcess dryRun = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.storage.enabled",
                    "true", "janitor.storage.interval", "1s", "janitor.storage.delete-after", "1s", "janitor.dry-run", "true",
                    "janitor.leader-election.enabled", "false"))) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> dryRun.log().contains("DRY-RUN: would reclaim persistentvolume " + ciVolume));
            }
            assertThat(volume(ciVolume).getSpec().getPersistentVolumeReclaimPolicy()).as("dry-run").isEqualTo("Retain");

            try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.storage.enabled",
                    "true", "janitor.storage.interval", "1s", "janitor.storage.delete-after", "5s",
                    "janitor.leader-election.enabled", "false"))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> volume(ciVolume) == null);
                janitor.awaitLogged("set reclaim policy Delete on persistentvolume " + ciVolume,
                        "deleted persistentvolume " + ciVolume);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                        .until(() -> janitor.get("/q/metrics"), Pattern.compile(
                                "ephemeral_ns_leaked_volumes_reclaimed_total\\{action=\"delete\"} 1\\.0").asPredicate());
            }
            for (String kept : List.of(teamVolume, strangerVolume)) {
                assertThat(volume(kept)).as("%s: an unknown owner's volume is never reclaimed", kept).isNotNull();
                assertThat(volume(kept).getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
            }
        } finally {
            for (String name : List.of(ciVolume, teamVolume, strangerVolume)) {
                admin.persistentVolumes().withName(name).delete();
            }
            admin.namespaces().withName(team).delete();
            env.controlPlane.installChart(env.webhook.baseUrl());
        }
    }

    /** A claim in the namespace and a volume pre-bound to it, Bound, without the protection finalizers. */
    private static void boundVolume(String name, String namespace) {
        admin.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withStorageClassName(CLASS).withVolumeName(name).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        admin.persistentVolumeClaims().inNamespace(namespace).withName("data")
                .edit(claim -> new PersistentVolumeClaimBuilder(claim).editMetadata().withFinalizers(List.of()).endMetadata()
                        .build());
        String claimUid = admin.persistentVolumeClaims().inNamespace(namespace).withName("data").get().getMetadata().getUid();
        createVolume(name, namespace, claimUid, "Bound");
    }

    /** A Released volume whose claimRef names a namespace that never existed: nothing proves whose it was. */
    private static void releasedVolumeOfANamespaceThatNeverExisted(String name, String namespace) {
        createVolume(name, namespace, "00000000-0000-0000-0000-000000000000", "Released");
    }

    private static void createVolume(String name, String namespace, String claimUid, String phase) {
        admin.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName(CLASS).withPersistentVolumeReclaimPolicy("Retain")
                .withAccessModes("ReadWriteOnce").withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withNewHostPath().withPath("/tmp/" + name).endHostPath()
                .withNewClaimRef().withNamespace(namespace).withName("data").withUid(claimUid).endClaimRef()
                .endSpec().build()).create();
        admin.persistentVolumes().withName(name).edit(volume -> new PersistentVolumeBuilder(volume).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        admin.persistentVolumes().withName(name).editStatus(volume -> new PersistentVolumeBuilder(volume)
                .editOrNewStatus().withPhase(phase).endStatus().build());
    }

    /** Deletes the namespace, waits until it is gone, and marks its volume Released as the binder would. */
    private static void deleteAndRelease(String namespace, String volume) {
        admin.namespaces().withName(namespace).delete();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.namespaces().withName(namespace).get() == null);
        admin.persistentVolumes().withName(volume).editStatus(found -> new PersistentVolumeBuilder(found)
                .editOrNewStatus().withPhase("Released").endStatus().build());
    }

    private static PersistentVolume volume(String name) {
        return admin.persistentVolumes().withName(name).get();
    }

    private static String label(String volume) {
        PersistentVolume found = volume(volume);
        return found == null || found.getMetadata().getLabels() == null ? null
                : found.getMetadata().getLabels().get("ephemeral-ns.io/owner-namespace");
    }
}
