package io.ephemeralns.e2enode;

import io.ephemeralns.e2e.HelmRelease;
import io.ephemeralns.e2e.Kubectl;
import io.ephemeralns.e2e.Names;
import io.ephemeralns.e2e.OncePerRun;
import io.ephemeralns.e2e.PipelineIdentity;
import io.ephemeralns.e2e.SeedPipeline;
import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the real-node scenarios share, started once per test run and stopped at its end (also when a test
 * fails): the node ({@code e2e/scripts/node.sh}), the images pushed to its registry ({@code images/build.sh}), the
 * chart installed for real ({@code install.sh in-cluster}: its defaults, the image registry and tag, and the few
 * settings of {@code node-values.yaml}), the neighbours a CI namespace must not reach (a "production" service,
 * resolvable as {@code prod.internal}, in an ordinary namespace), the shared services it may reach, and a CI
 * pipeline's ordinary identity. Test classes receive it as a parameter
 * ({@code @ExtendWith(NodeEnvironment.Extension.class)}).
 */
final class NodeEnvironment implements AutoCloseable {

    /** Tag of the images this run pushes. */
    static final String TAG = "e2e-node";
    /** Ordinary (not CI) namespace of the "production" HTTP service, Service {@code prod}. */
    static final String PRODUCTION = "production";
    /** The name pods resolve to the production Service, as in the seed's own check. */
    static final String PROD_INTERNAL = "prod.internal";
    /** Namespace labelled {@code name=shared-services}, which every CI namespace may reach (Service {@code shared}). */
    static final String SHARED_SERVICES = "shared-services";
    /** An ordinary namespace with a client pod {@code ops-client}: what CI namespaces cannot reach, it can. */
    static final String OPS = "ops";

    final Path repo;
    final RealNode node;
    final Images images;
    final HelmRelease chart;
    final Path helm;
    /** kubectl as the cluster's administrator. */
    final Kubectl admin;
    /** kubectl as a CI pipeline's ordinary identity ({@link PipelineIdentity}): not exempt from any rule. */
    final Kubectl pipeline;
    final Path pipelineKubeconfig;
    /** Pods and traffic, through the administrator's kubectl. */
    final Workloads workloads;

    private NodeEnvironment(Path repo) {
        this.repo = repo;
        long started = System.nanoTime();
        this.node = RealNode.start(repo);
        try {
            long nodeUp = System.nanoTime();
            helm = HelmRelease.binary(repo);
            images = Images.push(repo, node, TAG);
            long pushed = System.nanoTime();
            admin = new Kubectl(node.kubeconfig());
            workloads = new Workloads(admin, images);
            chart = new HelmRelease(repo, node.kubeconfig());
            installChart();
            long installed = System.nanoTime();
            pipelineKubeconfig = PipelineIdentity.kubeconfig(client(), node.apiServerUrl(), node.caCert(), node.state());
            pipeline = new Kubectl(pipelineKubeconfig);
            neighbours();
            System.out.printf("e2e-node: node up %ds, images pushed %ds, chart installed %ds, neighbours %ds%n",
                    seconds(started, nodeUp), seconds(nodeUp, pushed), seconds(pushed, installed), seconds(installed, System.nanoTime()));
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    /**
     * {@code helm upgrade --install --wait} of the chart: its defaults, the image registry and tag, the suite's
     * {@code node-values.yaml}, and the given further arguments ({@code --set k=v}).
     */
    Shell.Result installChart(String... settings) {
        List<String> args = new ArrayList<>(List.of("-f", resource("node-values.yaml").toString(),
                "--set", "global.image.registry=" + images.registry(), "--set", "global.image.tag=" + images.tag()));
        args.addAll(List.of(settings));
        return chart.installInCluster(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    private static long seconds(long from, long to) {
        return (to - from) / 1_000_000_000L;
    }

    KubernetesClient client() {
        return node.admin();
    }

    /**
     * A CI namespace made by the seed's commands, as the pipeline's identity: {@code kubectl create namespace},
     * {@code kubectl label ... created-by=ci-cd branch commit ttl}, {@code kubectl wait} for the baseline.
     */
    String seedNamespace(String branch, String ttl) {
        String ns = SeedPipeline.namespace(pipeline, branch, Names.sha(), ttl);
        // the ServiceAccount controller creates "default" shortly after the namespace; pods need it
        admin.run("wait", "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", ns, "--timeout=60s").ok();
        return ns;
    }

    /** "production" (resolvable as prod.internal), the shared services, and an ordinary namespace with a client. */
    private void neighbours() {
        admin.run("create", "namespace", PRODUCTION).ok();
        admin.run("create", "namespace", SHARED_SERVICES).ok();
        admin.run("label", "namespace", SHARED_SERVICES, "name=" + SHARED_SERVICES).ok();
        admin.run("create", "namespace", OPS).ok();
        for (String ns : List.of(PRODUCTION, SHARED_SERVICES, OPS)) {
            admin.run("wait", "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", ns, "--timeout=60s").ok();
        }
        workloads.server(PRODUCTION, "prod");
        workloads.server(SHARED_SERVICES, "shared");
        workloads.client(OPS, "ops-client");
        ClusterDns.alias(client(), admin, PROD_INTERNAL, "prod." + PRODUCTION + ".svc.cluster.local");
        workloads.assertReaches(OPS, "ops-client", "http://" + PROD_INTERNAL + "/");
    }

    static Path resource(String name) {
        try {
            return Path.of(NodeEnvironment.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /**
     * Keeps what explains a failure in {@code e2e-node/target/node-logs/} (the node's component logs, the product's
     * pod logs, the cluster's events), then tears the node down.
     */
    @Override
    public void close() {
        keepProductLogs();
        try {
            java.nio.file.Files.writeString(logs().resolve("events.txt"), admin.run("get", "events", "-A", "--sort-by=.lastTimestamp").output());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not keep the cluster's events: " + e);
        }
        node.keepLogs(logs());
        node.close();
    }

    /** Keeps the product's pod logs so far in {@code e2e-node/target/node-logs/product-pods.log} (before an uninstall). */
    void keepProductLogs() {
        try {
            String pods = admin.run("logs", "-n", HelmRelease.NAMESPACE, "-l", "app.kubernetes.io/name=ephemeral-ns",
                    "--all-containers", "--prefix", "--tail=-1", "--max-log-requests=10").output();
            if (!pods.isBlank()) {
                java.nio.file.Files.writeString(logs().resolve("product-pods.log"), pods);
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not keep the product's logs: " + e);
        }
    }

    private Path logs() {
        Path logs = repo.resolve("e2e-node/target/node-logs");
        try {
            java.nio.file.Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return logs;
    }

    /** Resolves {@link NodeEnvironment} parameters, starting the environment on first use. */
    static final class Extension extends OncePerRun<NodeEnvironment> {
        Extension() {
            super(NodeEnvironment.class, NodeEnvironment::new);
        }
    }
}
