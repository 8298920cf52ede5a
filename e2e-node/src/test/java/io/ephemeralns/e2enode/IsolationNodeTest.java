package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.Kubectl;
import io.ephemeralns.e2e.SeedPipeline;
import io.ephemeralns.e2e.Shell;
import io.ephemeralns.e2e.StrictMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Isolation observed with real traffic on a real node (kube-proxy Services, kube-router NetworkPolicies, CoreDNS),
 * in CI namespaces made by the seed's commands with only the product's baseline in them: what a CI namespace
 * cannot reach, what it still can, its quota and LimitRange on real pods, strict mode, and the order in which the
 * janitor takes a namespace apart.
 */
@Order(1)
class IsolationNodeTest extends NodeTest {

    private static Workloads workloads;
    /** A CI namespace with a server "web" (Service "web") and a client pod "client". */
    private static String a;
    /** Another CI namespace with a server "web" (Service "web"). */
    private static String b;

    @BeforeAll
    static void twoCiNamespaces() {
        workloads = env.workloads;
        a = env.seedNamespace("isolation-a", "1h");
        b = env.seedNamespace("isolation-b", "1h");
        workloads.server(a, "web");
        workloads.client(a, "client");
        workloads.server(b, "web");
    }

    @Test
    void aCiNamespaceCannotReachThePodsOrServicesOfAnotherCiNamespace() {
        workloads.assertBlocked(a, "client", "http://web." + b + ".svc.cluster.local/");
        workloads.assertBlocked(a, "client", "http://" + clusterIp(b, "web") + "/");
        workloads.assertBlocked(a, "client", "http://" + podIp(b, "web") + ":" + env.images.httpPort() + "/");
    }

    @Test
    void aCiNamespaceCannotReachProductionWhichAnOrdinaryNamespaceReaches() {
        workloads.assertReaches(NodeEnvironment.OPS, "ops-client", "http://prod.internal/");

        // the seed's own check: kubectl exec -n $NS pod -- curl prod.internal must fail
        Shell.Result seedCheck = new Kubectl(env.pipelineKubeconfig).run("exec", "-n", a, "client", "--", "curl", "-sS", "-m", "5",
                "prod.internal");
        assertThat(seedCheck.exit()).as(seedCheck.output()).isNotZero();
        workloads.assertBlocked(a, "client", "http://prod.internal/");
        workloads.assertBlocked(a, "client", "http://" + podIp(NodeEnvironment.PRODUCTION, "prod") + ":" + env.images.httpPort() + "/");
    }

    @Test
    void podsOfOneCiNamespaceReachEachOtherThroughServicesAndPodAddresses() {
        workloads.assertReaches(a, "client", "http://web/");
        workloads.assertReaches(a, "client", "http://" + podIp(a, "web") + ":" + env.images.httpPort() + "/");
    }

    @Test
    void dnsWorksInACiNamespace() {
        Shell.Result service = workloads.exec(a, "client", "nslookup", "web." + a + ".svc.cluster.local");
        assertThat(service.exit()).as(service.output()).isZero();
        assertThat(service.stdout()).contains(clusterIp(a, "web"));
        Shell.Result other = workloads.exec(a, "client", "nslookup", "kubernetes.default.svc.cluster.local");
        assertThat(other.exit()).as(other.output()).isZero();
    }

    @Test
    void theSeedsAllowExternalEgressLetsTheTestRunnerReachDnsAndSharedServicesBesideTheBaseline() {
        String ns = env.seedNamespace("external-egress", "1h");
        env.pipeline.withManifest(SeedPipeline.objects(env.repo), "apply", "-n", ns).ok();
        workloads.client(ns, "test-runner", "app", "test-runner");

        workloads.assertReaches(ns, "test-runner", "http://shared." + NodeEnvironment.SHARED_SERVICES + ".svc.cluster.local/");
        Shell.Result dns = workloads.exec(ns, "test-runner", "nslookup", "shared." + NodeEnvironment.SHARED_SERVICES + ".svc.cluster.local");
        assertThat(dns.exit()).as(dns.output()).isZero();
        workloads.assertBlocked(ns, "test-runner", "http://prod.internal/");
        assertThat(admin.network().networkPolicies().inNamespace(ns).list().getItems()).extracting(p -> p.getMetadata().getName())
                .contains("default-deny-all", "allow-same-namespace", "allow-external-egress", "ephemeral-ns-default-deny");
    }

    @Test
    void theQuotaRefusesAPodOverItsLimit() {
        Shell.Result refused = env.pipeline.withManifest("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: over-quota
                spec:
                  containers:
                %s
                """.formatted(threeContainers("1500m")), "create", "-n", a);

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr()).contains("exceeded quota: ephemeral-ns-quota").contains("requests.cpu=4500m");
        assertThat(admin.pods().inNamespace(a).withName("over-quota").get()).isNull();
    }

    @Test
    void limitRangeDefaultsAppearOnARealPodAndItsContainerIsHeldToThem() {
        Pod client = admin.pods().inNamespace(a).withName("client").get();
        ResourceRequirements resources = client.getSpec().getContainers().get(0).getResources();

        assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(resources.getLimits()).containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("512Mi"));
        assertThat(client.getStatus().getPhase()).isEqualTo("Running");
        // the kubelet put the defaulted limit on the container's cgroup (v1 or v2)
        Shell.Result limit = workloads.exec(a, "client", "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
        assertThat(limit.stdout().strip()).as(limit.output()).isEqualTo(String.valueOf(512L * 1024 * 1024));
    }

    @Test
    void inStrictModeNoPodStartsBeforeTheBaselineExists() {
        String ns = "test-held-back-" + io.ephemeralns.e2e.Names.sha().substring(0, 7);
        // the profile label is the product's: only an exempt identity (here the administrator) may set it
        env.admin.run("create", "namespace", ns).ok();
        env.admin.run("label", "namespace", ns, "created-by=ci-cd", "ttl=1h", "ephemeral-ns.io/profile=held-back").ok();
        env.admin.run("wait", "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", ns, "--timeout=60s").ok();

        Shell.Result refused = env.pipeline.withManifest(workloads.clientPod("early"), "create", "-n", ns);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr()).contains("isolation baseline not applied yet, retry");
        assertThat(admin.pods().inNamespace(ns).list().getItems()).isEmpty();

        grantWebhookConfigMaps();
        try {
            SeedPipeline.awaitBaseline(env.pipeline, ns);
            StrictMode.onceAdmitted(() -> env.pipeline.withManifest(workloads.clientPod("after"), "create", "-n", ns).ok());
            workloads.awaitReady(ns, "after");
        } finally {
            admin.rbac().clusterRoleBindings().withName("e2e-node-webhook-configmaps").delete();
        }
        Pod after = admin.pods().inNamespace(ns).withName("after").get();
        NetworkPolicy deny = admin.network().networkPolicies().inNamespace(ns).withName("ephemeral-ns-default-deny").get();
        assertThat(Instant.parse(deny.getMetadata().getCreationTimestamp()))
                .isBeforeOrEqualTo(Instant.parse(after.getMetadata().getCreationTimestamp()));
        assertThat(admin.pods().inNamespace(ns).list().getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("after");
    }

    @Test
    void whenTheJanitorDeletesANamespaceWithRunningPodsThePodsAreGoneBeforeItsNetworkPolicies() throws Exception {
        String ns = env.seedNamespace("drain", "40s");
        workloads.client(ns, "worker-1");
        workloads.client(ns, "worker-2");
        List<String> order = new CopyOnWriteArrayList<>();
        try (Watch pods = admin.pods().inNamespace(ns).watch(deletions(order, "Pod"));
                Watch policies = admin.network().networkPolicies().inNamespace(ns).watch(deletions(order, "NetworkPolicy"))) {
            assertThat(admin.pods().inNamespace(ns).list().getItems()).extracting(p -> p.getStatus().getPhase())
                    .containsOnly("Running");

            await("namespace " + ns + " deleted by the janitor").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> admin.namespaces().withName(ns).get() == null);
            await("the watches saw every deletion").atMost(Duration.ofSeconds(20))
                    .until(() -> order.stream().filter(e -> e.startsWith("NetworkPolicy ")).count() >= 3);
        }

        // resourceVersions of one etcd order every change: each pod went before the first policy did
        assertThat(order).filteredOn(e -> e.startsWith("Pod ")).hasSize(2);
        assertThat(order).filteredOn(e -> e.startsWith("NetworkPolicy ")).hasSizeGreaterThanOrEqualTo(3);
        long lastPod = order.stream().filter(e -> e.startsWith("Pod ")).mapToLong(IsolationNodeTest::version).max().orElseThrow();
        long firstPolicy = order.stream().filter(e -> e.startsWith("NetworkPolicy ")).mapToLong(IsolationNodeTest::version).min()
                .orElseThrow();
        assertThat(lastPod).as("deletions in order: %s", order).isLessThan(firstPolicy);
        // recorded once the API server has answered the deletion, which may be after the namespace went
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Deleted").isEmpty());
    }

    @Test
    void aPreSeededAllowAllPolicyUnderABaselineNameDoesNotLetTrafficThroughOnceTheBaselineIsApplied() {
        String sha = io.ephemeralns.e2e.Names.sha();
        String ns = "test-pre-seeded-" + sha.substring(0, 7);
        env.pipeline.run("create", "namespace", ns).ok();
        env.admin.run("wait", "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", ns, "--timeout=60s").ok();
        // before the namespace is a CI namespace, nothing guards the baseline's names
        env.pipeline.withManifest("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: ephemeral-ns-default-deny
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress: [{}]
                  egress: [{}]
                """, "apply", "-n", ns).ok();
        env.pipeline.run("label", "namespace", ns, "created-by=ci-cd", "branch=pre-seeded", "commit=" + sha, "ttl=1h").ok();
        SeedPipeline.awaitBaseline(env.pipeline, ns);
        workloads.client(ns, "client");
        workloads.server(ns, "web");

        workloads.assertBlocked(ns, "client", "http://prod.internal/");
        workloads.assertBlocked(ns, "client", "http://web." + b + ".svc.cluster.local/");
        workloads.assertBlocked(a, "client", "http://web." + ns + ".svc.cluster.local/");
    }

    private static String threeContainers(String cpu) {
        StringBuilder containers = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            containers.append("""
                        - name: c%d
                          image: %s
                          resources:
                            requests: {cpu: %s}
                            limits: {cpu: %s}
                    """.formatted(i, env.images.tools(), cpu, cpu));
        }
        return containers.toString().stripTrailing();
    }

    private static void grantWebhookConfigMaps() {
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("e2e-node-webhook-configmaps")
                .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "create", "patch")
                .endRule().build()).serverSideApply();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("e2e-node-webhook-configmaps").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "e2e-node-webhook-configmaps")
                .addNewSubject().withKind("ServiceAccount").withName("ephemeral-ns-webhook")
                .withNamespace(io.ephemeralns.e2e.HelmRelease.NAMESPACE).endSubject().build()).serverSideApply();
    }

    private static <T extends HasMetadata> Watcher<T> deletions(List<String> order, String kind) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.DELETED) {
                    order.add(kind + " " + resource.getMetadata().getName() + " " + resource.getMetadata().getResourceVersion());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    private static long version(String event) {
        return Long.parseLong(event.substring(event.lastIndexOf(' ') + 1));
    }

    private static String clusterIp(String namespace, String service) {
        return admin.services().inNamespace(namespace).withName(service).get().getSpec().getClusterIP();
    }

    private static String podIp(String namespace, String pod) {
        return admin.pods().inNamespace(namespace).withName(pod).get().getStatus().getPodIP();
    }
}
