package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.HelmRelease;
import io.ephemeralns.e2e.Shell;
import io.ephemeralns.e2e.StrictMode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Capture before deletion on the real node: the chart upgraded with {@code janitor.capture.enabled}, its claim bound
 * to a hostPath PersistentVolume made by this test (static provisioning, storageClassName ""). A pipeline's namespace
 * with a crash-looping pod and a healthy one asks for a capture ({@code capture=true}, the pipeline's own label); once
 * it expires, the Deleted Event names its archive, and a platform engineer gets it out as the README says: the kubectl
 * plugin's {@code captures} and {@code capture} with the administrator's kubeconfig, through a reader pod (the tools
 * image) that mounts the janitor's claim read-only; the copy holds both pods' logs, the crashing container's previous
 * instance included, and its Events, and the reader pod is gone afterwards. Then the chart is upgraded back to the
 * suite's settings, and the volume, the host directory and the copy are removed (also when the test fails).
 */
@Order(2)
class CaptureNodeTest extends NodeTest {

    private static final String VOLUME = "ephemeral-ns-capture-e2e-node";
    private static final String CLAIM = "ephemeral-ns-janitor-captures";
    private static Path hostDirectory;
    private static Path copies;

    @BeforeAll
    static void theChartWithCaptureOnAHostPathVolume() throws IOException {
        hostDirectory = env.node.state().resolve("capture-archives");
        Files.createDirectories(hostDirectory);
        // hostPath volumes ignore fsGroup: the janitor (uid 185) must be able to write the directory as it is
        Files.setPosixFilePermissions(hostDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
        copies = Files.createDirectories(env.node.state().resolve("capture-copies"));
        admin.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(VOLUME).endMetadata()
                .withNewSpec().withStorageClassName("").withAccessModes("ReadWriteOnce")
                .addToCapacity("storage", new Quantity("1Gi")).withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath().withPath(hostDirectory.toString()).withType("Directory").endHostPath()
                .withNewClaimRef().withNamespace(HelmRelease.NAMESPACE).withName(CLAIM).endClaimRef()
                .endSpec().build()).create();
        env.installChart("--set", "janitor.capture.enabled=true", "--set", "janitor.capture.persistence.storageClassName=-",
                "--set", "janitor.capture.persistence.size=1Gi").ok();
    }

    @AfterAll
    static void theSuitesChartAgainAndNothingLeftOnTheHost() throws IOException {
        try {
            env.installChart().ok(); // capture off: the claim is no longer rendered, helm removes it
        } finally {
            admin.persistentVolumes().withName(VOLUME).delete();
            deleteTree(hostDirectory);
            deleteTree(copies);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (directory != null && Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void aPipelinesNamespaceIsCapturedBeforeDeletionWithTheLogsOfACrashLoopingPodsPreviousContainer() throws Exception {
        String ns = env.seedNamespace("capture-crash", "1h");
        StrictMode.onceAdmitted(() -> env.admin.withManifest("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: crash
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                    - name: migrate
                      image: %1$s
                      command: [sh, -c, 'n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo "attempt $n"; echo "FATAL: database not reachable" >&2; sleep 1; exit 1']
                      volumeMounts:
                        - name: data
                          mountPath: /data
                  volumes:
                    - name: data
                      emptyDir: {}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                    - name: app
                      image: %1$s
                      command: [sh, -c, 'echo "web: serving the checkout page"; trap "exit 0" TERM; sleep 3600 & wait']
                """.formatted(env.images.tools()), "apply", "-n", ns).ok());
        env.pipeline.run("label", "namespace", ns, "capture=true").ok();
        // in CrashLoopBackOff, the kubelet's status names the latest dead instance, the one it keeps (a dead instance
        // before it is removed as soon as a newer one exits, possibly before the status says so)
        await("the crashing container waits to restart").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> crashLooping(ns, "crash"));
        env.workloads.awaitReady(ns, "web");

        env.pipeline.run("label", "--overwrite", "namespace", ns, "ttl=5s").ok(); // expired: creation + 5s is past

        await("deleted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> terminatingOrGone(ns));
        String deleted = deletedEvent(ns).getMessage();
        assertThat(deleted).contains("; captured to archive " + ns + "-");
        String archiveName = deleted.substring(deleted.indexOf("archive ") + "archive ".length()).split(" ")[0];

        Shell.Result listed = plugin(env.node.kubeconfig(), "captures", "--image", env.images.tools());
        Shell.Result copied = plugin(env.node.kubeconfig(), "capture", archiveName, "--output", copies.toString(), "--image", env.images.tools());

        listed.ok();
        assertThat(listed.stdout()).containsPattern(archiveName + " +complete +[0-9]+ +[0-9.]+ [KMG]iB");
        copied.ok();
        assertThat(copied.stdout()).contains("copied " + archiveName + " to " + copies.resolve(archiveName));
        assertThat(readerPods()).as("reader pods left running").isEmpty();
        Path archive = copies.resolve(archiveName);
        assertThat(archive.resolve("logs/crash/migrate.previous.log")).content()
                .contains("attempt ", "FATAL: database not reachable");
        assertThat(archive.resolve("logs/web/app.log")).content().contains("web: serving the checkout page");
        assertThat(archive.resolve("events.yaml")).content().contains("Scheduled");
        assertThat(archive.resolve("objects/pods.yaml")).content().contains("restartCount");
        assertThat(archive.resolve("CAPTURE.txt")).content().contains("namespace: " + ns, "why: asked (label capture=true)");
    }

    /** The plugin's reader pods that are not on their way out (it deletes them without waiting). */
    private static List<Pod> readerPods() {
        return admin.pods().inNamespace(HelmRelease.NAMESPACE).withLabel("app.kubernetes.io/component", "capture-reader")
                .list().getItems().stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean crashLooping(String ns, String pod) {
        Pod read = admin.pods().inNamespace(ns).withName(pod).get();
        return read != null && read.getStatus().getContainerStatuses() != null && read.getStatus().getContainerStatuses()
                .stream().anyMatch(status -> status.getRestartCount() >= 2 && status.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason())
                        && status.getLastState().getTerminated() != null);
    }

    private static Event deletedEvent(String ns) {
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).until(() -> !events(ns, "Deleted").isEmpty());
        return events(ns, "Deleted").get(0);
    }
}
