package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sleep of kept namespaces on the real node, with pods that really run: the chart upgraded with a short
 * {@code janitor.sleep.after} and {@code janitor.sleep.interval}; a CI namespace made as the pipeline makes it, kept
 * ({@code keep=true}) with a Deployment of two Ready pods. Left unchanged, it is put to sleep: its pods stop, the
 * namespace carries {@code ephemeral-ns.io/slept-at} and the Event {@code Slept}. The kubectl plugin's {@code wake},
 * run with the pipeline's own kubeconfig, brings the two pods back Ready and the Event {@code Woken}. The tests build
 * on each other in order. Afterwards the namespace is deleted and the chart upgraded back to the suite's settings
 * (also when a test fails).
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SleepNodeTest extends NodeTest {

    private static final String SLEPT_AT = "ephemeral-ns.io/slept-at";
    private static final String DEPLOYMENT = "web";
    private static final Duration SLEEP_AFTER = Duration.ofSeconds(30);

    private static String ns;

    @BeforeAll
    static void theChartWithTheSleepOnAndAKeptNamespaceWithTwoRunningPods() {
        env.installChart("--set", "janitor.sleep.after=" + SLEEP_AFTER.toSeconds() + "s",
                "--set", "janitor.sleep.interval=5s").ok();
        ns = env.seedNamespace("sleep-kept", "1h");
        env.pipeline.withManifest("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: %1$s
                  template:
                    metadata:
                      labels:
                        app: %1$s
                    spec:
                      terminationGracePeriodSeconds: 5
                      containers:
                        - name: http
                          image: %2$s
                          ports:
                            - name: http
                              containerPort: %3$d
                          readinessProbe:
                            tcpSocket:
                              port: http
                            periodSeconds: 1
                """.formatted(DEPLOYMENT, env.images.httpService(), env.images.httpPort()), "apply", "-n", ns).ok();
        env.pipeline.run("rollout", "status", "deployment/" + DEPLOYMENT, "-n", ns, "--timeout=180s").ok();
        assertThat(readyPods()).as("pods of deployment/%s Ready in %s", DEPLOYMENT, ns).hasSize(2);
        // kept only now: only a kept namespace sleeps, so it cannot sleep before its pods run, however slow the node
        env.pipeline.run("label", "namespace", ns, "keep=true").ok();
    }

    @AfterAll
    static void theNamespaceDeletedAndTheSuitesChartAgain() {
        try {
            if (ns != null) {
                env.admin.run("delete", "namespace", ns, "--wait=false");
            }
        } finally {
            env.installChart().ok(); // the sleep off again, as the other classes expect
        }
    }

    @Test
    @Order(1)
    void aKeptNamespaceWhosePodsRunUnchangedForSleepAfterIsPutToSleepAndItsPodsStop() {
        await("namespace " + ns + " asleep, its pods stopped").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> annotations(ns).containsKey(SLEPT_AT) && pods().isEmpty());

        assertThat(annotations(ns)).containsEntry("ephemeral-ns.io/sleep-replicas", "deployment/" + DEPLOYMENT + "=2");
        assertThat(admin.apps().deployments().inNamespace(ns).withName(DEPLOYMENT).get().getSpec().getReplicas()).isZero();
        await("the Slept Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Slept").isEmpty());
        assertThat(events(ns, "Slept").get(0).getMessage()).contains("deployment/" + DEPLOYMENT + " (2)",
                "kubectl label namespace " + ns + " ephemeral-ns.io/wake=true");
    }

    @Test
    @Order(2)
    void thePluginsWakeWithThePipelinesOwnKubeconfigBringsBackTwoReadyPods() {
        Shell.Result wake = plugin(env.pipelineKubeconfig, "wake", ns);

        wake.ok();
        assertThat(wake.stdout()).contains(ns + ": wake requested; the janitor restores deployment/" + DEPLOYMENT + "=2");
        // left unchanged, the namespace sleeps again SLEEP_AFTER after its wake: its pods are Ready well before that
        await("two Ready pods in " + ns + " again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> readyPods().size() == 2);
        await("the Woken Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Woken").isEmpty());
        assertThat(events(ns, "Woken").get(0).getMessage()).contains("restored deployment/" + DEPLOYMENT + " (2)");
        assertThat(annotations(ns)).containsKey("ephemeral-ns.io/woken-at");
    }

    /** The Deployment's pods, terminating ones included: a pod counts as gone only once it no longer exists. */
    private static List<Pod> pods() {
        return admin.pods().inNamespace(ns).withLabel("app", DEPLOYMENT).list().getItems();
    }

    private static List<Pod> readyPods() {
        return pods().stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(Readiness::isPodReady).toList();
    }
}
