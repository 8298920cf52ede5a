package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.HelmRelease;
import io.ephemeralns.e2e.MetricsPage;
import io.ephemeralns.e2e.Names;
import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart installed for real (its defaults, the image registry and tag, the suite's few settings): the webhook
 * served by its own two pods through its Service with the chart's generated certificate, its
 * PodDisruptionBudget, the janitor's two replicas handing over when the leader is killed mid-sweep, cronjob mode
 * running real Jobs, {@code helm upgrade} keeping the certificate, and {@code helm uninstall} leaving nothing
 * behind. Runs last: it uninstalls the product.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartLifecycleNodeTest extends NodeTest {

    private static final String NS = HelmRelease.NAMESPACE;
    private static final String WEBHOOK = "ephemeral-ns-webhook";
    private static final String JANITOR = "ephemeral-ns-janitor";

    /** The chart-generated TLS Secret as first installed. */
    private static Map<String, String> installedTls;

    @BeforeAll
    static void installed() {
        installedTls = tls().getData();
    }

    @Test
    @Order(1)
    void theWebhookIsServedByItsOwnTwoPodsThroughItsServiceWithTheChartsGeneratedCertificate() throws Exception {
        Deployment webhook = admin.apps().deployments().inNamespace(NS).withName(WEBHOOK).get();
        assertThat(webhook.getStatus().getReadyReplicas()).isEqualTo(2);
        String caBundle = installedTls.get("ca.crt");
        for (WebhookClientConfig config : clientConfigs()) {
            assertThat(config.getUrl()).isNull();
            assertThat(config.getService().getName()).isEqualTo(WEBHOOK);
            assertThat(config.getService().getNamespace()).isEqualTo(NS);
            assertThat(config.getCaBundle()).isEqualTo(caBundle);
        }
        X509Certificate ca = certificate(caBundle);
        X509Certificate serving = certificate(installedTls.get("tls.crt"));
        serving.verify(ca.getPublicKey());
        assertThat(serving.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .contains(WEBHOOK + "." + NS + ".svc");

        String ns = env.seedNamespace("served", "1h");

        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/expires-at");
        double served = 0;
        for (Pod pod : pods("webhook")) {
            String metrics = env.admin.run("get", "--raw",
                    "/api/v1/namespaces/" + NS + "/pods/https:" + pod.getMetadata().getName() + ":8443/proxy/q/metrics").ok().stdout();
            served += MetricsPage.sum(metrics, "ephemeral_ns_admission_requests_total", "");
        }
        assertThat(served).as("admission requests answered by the webhook pods").isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void thePodDisruptionBudgetLetsOneWebhookPodBeEvictedNotBothAndAdmissionGoesOn() {
        await("PodDisruptionBudget status").atMost(Duration.ofMinutes(1)).until(() -> {
            PodDisruptionBudget pdb = admin.policy().v1().podDisruptionBudget().inNamespace(NS).withName(WEBHOOK).get();
            return pdb.getStatus() != null && Integer.valueOf(2).equals(pdb.getStatus().getCurrentHealthy())
                    && Integer.valueOf(1).equals(pdb.getStatus().getDisruptionsAllowed());
        });
        List<Pod> pods = pods("webhook");
        assertThat(pods).hasSize(2);

        Shell.Result first = evict(pods.get(0).getMetadata().getName());
        Shell.Result second = evict(pods.get(1).getMetadata().getName());

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(second.exit()).as("the second eviction violates minAvailable=1").isNotZero();
        assertThat(second.stderr()).contains("disruption budget");
        String ns = env.seedNamespace("one-webhook-pod", "1h");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/expires-at");
        awaitReady(WEBHOOK);
    }

    @Test
    @Order(3)
    void whenTheJanitorsLeaderIsKilledMidSweepTheOtherReplicaTakesOverAndNoNamespaceIsDeletedTwiceOrWrongly() {
        awaitReady(JANITOR);
        String leader = leaderPod();
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expired.add(createNamespace("sweep-" + i, Map.of("created-by", "ci-cd", "ttl", "10s")));
        }
        String active = createNamespace("active", Map.of("created-by", "ci-cd", "ttl", "1h"));
        String kept = createNamespace("kept", Map.of("created-by", "ci-cd", "ttl", "5s", "keep", "true"));
        String ordinary = createNamespace("ordinary", Map.of("team", "payments"));

        await("the leader's sweep started").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> deleting(expired) > 0);
        env.admin.run("delete", "pod", leader, "-n", NS, "--grace-period=0", "--force").ok();
        long deletedBeforeKill = deleting(expired);

        await("the other replica finishes the work").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deleting(expired) == expired.size());
        assertThat(deletedBeforeKill).as("the leader was killed in the middle of its sweep").isLessThan(expired.size());
        assertThat(leaderPod()).isNotEqualTo(leader);
        // the last deletion was just seen: a second one, or a witness's, would come from the new leader's sweeps that
        // follow (every 2s), so it must stay absent over several of them
        await("no namespace deleted twice or wrongly").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    for (String name : expired) {
                        assertThat(events(name, "Deleted")).as("Deleted events of %s", name).hasSizeLessThanOrEqualTo(1);
                    }
                    for (String witness : List.of(active, kept, ordinary)) {
                        Namespace namespace = admin.namespaces().withName(witness).get();
                        assertThat(namespace).as(witness).isNotNull();
                        assertThat(namespace.getMetadata().getDeletionTimestamp()).as(witness).isNull();
                    }
                });
        awaitReady(JANITOR);
    }

    @Test
    @Order(4)
    void inCronjobModeRealJobsSweepAndExitZeroAndTheUpgradeKeepsTheCertificate() {
        env.installChart("--set", "janitor.mode=cronjob", "--set", "janitor.cronjob.schedule=* * * * *");
        assertThat(admin.apps().deployments().inNamespace(NS).withName(JANITOR).get()).isNull();
        assertThat(tls().getData()).isEqualTo(installedTls);
        String expired = createNamespace("cron", Map.of("created-by", "ci-cd", "ttl", "5s"));

        await(expired + " deleted by a CronJob's Job").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> gone(expired));

        List<Job> jobs = admin.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(job -> job.getMetadata().getOwnerReferences().stream().anyMatch(owner -> owner.getName().equals(JANITOR)))
                .toList();
        assertThat(jobs).isNotEmpty().allSatisfy(job -> assertThat(job.getStatus().getFailed()).isNull());
        await("a finished sweep").atMost(Duration.ofMinutes(1)).until(() -> admin.batch().v1().jobs().inNamespace(NS).list()
                .getItems().stream().anyMatch(job -> Integer.valueOf(1).equals(job.getStatus().getSucceeded())));
        List<Pod> sweeps = admin.pods().inNamespace(NS).withLabel("app.kubernetes.io/component", "janitor").list().getItems();
        assertThat(sweeps).isNotEmpty().allSatisfy(pod -> {
            if ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase())) {
                assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
            }
        });
        // the Job records it once the API server has answered the deletion, which may be after the namespace went
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(expired, "Deleted").isEmpty());
    }

    @Test
    @Order(5)
    void helmUpgradeBackToTheDeploymentKeepsTheCertificateAndTheWebhookServesWithIt() {
        env.installChart();

        assertThat(tls().getData()).isEqualTo(installedTls);
        assertThat(clientConfigs()).extracting(WebhookClientConfig::getCaBundle).containsOnly(installedTls.get("ca.crt"));
        assertThat(admin.apps().deployments().inNamespace(NS).withName(JANITOR).get().getStatus().getReadyReplicas()).isEqualTo(2);
        String ns = env.seedNamespace("after-upgrade", "1h");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).containsKey("ephemeral-ns.io/expires-at");
    }

    @Test
    @Order(6)
    void helmUninstallLeavesNothingBehind() {
        env.keepProductLogs();
        // as the chart's README says: CI namespaces first, while the janitor still runs to release their access
        // bindings (finalizer ephemeral-ns.io/janitor-access), then the webhook configurations, the release, its namespace
        env.admin.run("delete", "namespace", "-l", "ephemeral-ns.io/managed=true", "--wait=false").ok();
        await("CI namespaces deleted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> admin.namespaces().withLabel("ephemeral-ns.io/managed", "true").list().getItems().isEmpty());
        env.admin.run("delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", "ephemeral-ns").ok();
        env.chart.uninstall();

        // helm waits for the release's objects to go; their pods take a few seconds more to stop
        await("the release's objects and pods gone").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(env.admin.run("get", "pods,deployments,replicasets,cronjobs,jobs,services,"
                        + "secrets,configmaps,serviceaccounts,roles,rolebindings,poddisruptionbudgets", "-n", NS, "-o", "name")
                        .ok().stdout().lines().toList()).containsOnly("configmap/kube-root-ca.crt", "serviceaccount/default"));
        env.admin.run("delete", "namespace", NS, "--timeout=120s").ok();

        assertThat(admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName("ephemeral-ns").get()).isNull();
        assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("ephemeral-ns").get()).isNull();
        String chartLabel = "app.kubernetes.io/name=ephemeral-ns";
        assertThat(env.admin.run("get", "clusterroles,clusterrolebindings", "-l", chartLabel, "-o", "name").ok().stdout()).isBlank();
        assertThat(env.admin.run("get", "all", "-A", "-l", chartLabel, "-o", "name").ok().stdout()).isBlank();
        assertThat(admin.namespaces().withName(NS).get()).isNull();

        // nothing left behind (a webhook configuration, a finalizer) blocks a namespace the product would have taken
        String after = createNamespace("after-uninstall", Map.of("created-by", "ci-cd"));
        env.admin.run("delete", "namespace", after, "--timeout=60s").ok();
    }

    /**
     * One eviction request, as {@code kubectl drain} makes them (fabric8's {@code evict()} retries a 429 until the
     * budget allows it, which would hide the refusal).
     */
    private static Shell.Result evict(String pod) {
        return env.admin.withManifest("""
                {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "%s", "namespace": "%s"}}
                """.formatted(pod, NS), "create", "--raw", "/api/v1/namespaces/" + NS + "/pods/" + pod + "/eviction");
    }

    private static Secret tls() {
        return admin.secrets().inNamespace(NS).withName("ephemeral-ns-webhook-tls").get();
    }

    private static List<WebhookClientConfig> clientConfigs() {
        Stream<WebhookClientConfig> mutating = admin.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("ephemeral-ns").get().getWebhooks().stream().map(MutatingWebhook::getClientConfig);
        Stream<WebhookClientConfig> validating = admin.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("ephemeral-ns").get().getWebhooks().stream().map(ValidatingWebhook::getClientConfig);
        return Stream.concat(mutating, validating).toList();
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    private static List<Pod> pods(String component) {
        return admin.pods().inNamespace(NS).withLabel("app.kubernetes.io/component", component).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static void awaitReady(String deployment) {
        await(deployment + " ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Deployment d = admin.apps().deployments().inNamespace(NS).withName(deployment).get();
            return d != null && d.getStatus() != null && d.getSpec().getReplicas().equals(d.getStatus().getReadyReplicas())
                    && d.getSpec().getReplicas().equals(d.getStatus().getUpdatedReplicas())
                    && d.getSpec().getReplicas().equals(d.getStatus().getReplicas());
        });
    }

    /** The janitor pod holding the Lease (its identity is the pod's hostname and a random suffix). */
    private static String leaderPod() {
        await("a janitor leader").atMost(Duration.ofMinutes(1)).until(() -> {
            Lease lease = admin.leases().inNamespace(NS).withName(JANITOR).get();
            return lease != null && lease.getSpec().getHolderIdentity() != null && !lease.getSpec().getHolderIdentity().isEmpty();
        });
        String holder = admin.leases().inNamespace(NS).withName(JANITOR).get().getSpec().getHolderIdentity();
        return holder.substring(0, holder.lastIndexOf('-'));
    }

    private static String createNamespace(String prefix, Map<String, String> labels) {
        String name = "test-" + prefix + "-" + Names.sha().substring(0, 7);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build())
                .create();
        return name;
    }

    private static long deleting(List<String> names) {
        return names.stream().filter(name -> {
            Namespace namespace = admin.namespaces().withName(name).get();
            return namespace == null || namespace.getMetadata().getDeletionTimestamp() != null;
        }).count();
    }

    private static boolean gone(String name) {
        return admin.namespaces().withName(name).get() == null;
    }
}
