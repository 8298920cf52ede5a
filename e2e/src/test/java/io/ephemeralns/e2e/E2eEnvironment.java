package io.ephemeralns.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the end-to-end tests share, started once per test run and stopped at its end (also when a test
 * fails): the control plane, the programs' identities, and the janitor running as a real process with
 * a short interval. Test classes receive it as a parameter ({@code @ExtendWith(E2eEnvironment.Extension.class)}).
 */
final class E2eEnvironment implements AutoCloseable {

    /**
     * Lifetimes in the tests are seconds, so the shortest accepted TTL is lowered for both programs; the label window
     * is short so that a test can have a namespace older than it within seconds (the seed's flow, labelling right
     * after creation, passes well within it).
     */
    static final Map<String, String> SHARED_SETTINGS = Map.of("ephemeral-ns.min-ttl", "1s", "ephemeral-ns.label-window", "20s");

    /** The label window of {@link #SHARED_SETTINGS}. */
    static final java.time.Duration LABEL_WINDOW = java.time.Duration.ofSeconds(20);

    /**
     * webhook.janitor-access of the suite's webhook: the product's default, the janitor's RoleBinding with its
     * finalizer ephemeral-ns.io/janitor-access, which the suite's janitor releases last in every deleted CI namespace.
     */
    static final String JANITOR_ACCESS = "finalizer";

    final Path repo;
    /** The control plane with the chart installed ({@code e2e/scripts/install.sh}). */
    final ControlPlane controlPlane;
    final ServiceAccountIdentity janitorIdentity;
    final Path janitorKubeconfig;
    final ProgramProcess janitor;
    final ServiceAccountIdentity webhookIdentity;
    final Path webhookKubeconfig;
    final ServingCertificate certificate;
    final Path profiles;
    final ProgramProcess webhook;
    /** The kubeconfig of a CI pipeline's ordinary identity ({@link PipelineIdentity}), for programs run as it. */
    final Path pipelineKubeconfig;
    /** kubectl as a CI pipeline's ordinary identity ({@link PipelineIdentity}): not exempt from any rule. */
    final Kubectl pipeline;

    private E2eEnvironment(Path repo) {
        this.repo = repo;
        this.controlPlane = ControlPlane.start(repo);
        try {
            KubernetesClient admin = controlPlane.admin();
            Path state = controlPlane.state();
            certificate = controlPlane.servingCertificate();
            profiles = writeProfiles(repo, state);
            janitorIdentity = new ServiceAccountIdentity("ephemeral-ns-janitor", controlPlane.tokenKubeconfig("janitor"));
            janitorKubeconfig = janitorIdentity.kubeconfig;
            janitor = startJanitor(Map.of("janitor.interval", "2s", "janitor.leader-election.enabled", "true"));
            webhookIdentity = new ServiceAccountIdentity("ephemeral-ns-webhook", controlPlane.tokenKubeconfig("webhook"));
            webhookKubeconfig = webhookIdentity.kubeconfig;
            webhook = startWebhook(Map.of(), controlPlane.webhookPort());
            pipelineKubeconfig = PipelineIdentity.kubeconfig(admin, controlPlane.url(), controlPlane.caCert(), state);
            pipeline = new Kubectl(pipelineKubeconfig);
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
    }

    /** Starts a janitor process with the e2e defaults plus the given settings; the caller closes it. */
    ProgramProcess startJanitor(Map<String, String> settings) {
        return startJanitor(settings, Map.of(), true);
    }

    /**
     * Starts a janitor process with the e2e defaults plus the given settings and environment variables (besides its
     * {@code KUBECONFIG}); the caller closes it.
     */
    ProgramProcess startJanitor(Map<String, String> settings, Map<String, String> environment) {
        return startJanitor(settings, environment, true);
    }

    /** Starts a janitor that may exit at once (run-once); the caller waits for its exit and closes it. */
    ProgramProcess startJanitorProcessWithoutWaiting(Map<String, String> settings) {
        return startJanitor(settings, Map.of(), false);
    }

    private ProgramProcess startJanitor(Map<String, String> settings, Map<String, String> environment, boolean awaitLive) {
        int port = ProgramProcess.freePort();
        Map<String, String> properties = new LinkedHashMap<>(SHARED_SETTINGS);
        properties.put("ephemeral-ns.own-namespace", ServiceAccountIdentity.NAMESPACE);
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.putAll(settings);
        Map<String, String> variables = new LinkedHashMap<>(environment);
        variables.put("KUBECONFIG", janitorKubeconfig.toString());
        return ProgramProcess.start(repo, "janitor", "janitor", "http://127.0.0.1:" + port, variables, properties,
                awaitLive ? "/q/health/live" : null);
    }

    /**
     * Installs the chart ({@link ControlPlane#installChart}) with its webhook configurations pointing at {@code webhook},
     * and waits until the API server calls it ({@link #awaitCalls}): it reads webhook configurations from a watch-fed
     * cache, so for a moment after helm returns it still calls the webhook configured before, which a test (or the next
     * one, after a test points them back at the suite's webhook) would otherwise meet.
     */
    void installChart(ProgramProcess webhook, String... settings) {
        controlPlane.installChart(webhook.baseUrl(), settings);
        awaitCalls(webhook, true);
    }

    /**
     * Waits until the API server sends {@code webhook} the reviews of a CI namespace's creation from both webhook
     * configurations or, with {@code called} false, from neither. The probe is a server-side dry run (admission in full,
     * nothing created) of a namespace with the suite's CI labels; the webhook counts a review before it answers it
     * ({@code ephemeral_ns_admission_requests_total}), so the count has moved when kubectl returns. Another request
     * reaching the webhook meanwhile only delays the answer "no longer called".
     */
    void awaitCalls(ProgramProcess webhook, boolean called) {
        Kubectl kubectl = new Kubectl(controlPlane.kubeconfig());
        String probe = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + Names.ciNamespace("probe")
                + "\n  labels:\n    created-by: ci-cd\n    ttl: 1h\n";
        await("the API server " + (called ? "calls " : "no longer calls ") + webhook.baseUrl())
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    String metrics = webhook.get("/q/metrics");
                    double mutate = reviews(metrics, "mutate");
                    double validate = reviews(metrics, "validate");
                    kubectl.withManifest(probe, "create", "--dry-run=server");
                    metrics = webhook.get("/q/metrics");
                    boolean mutated = reviews(metrics, "mutate") > mutate;
                    boolean validated = reviews(metrics, "validate") > validate;
                    return called ? mutated && validated : !mutated && !validated;
                });
    }

    /** The reviews one endpoint of the webhook ({@code mutate}, {@code validate}) answered, of every kind. */
    private static double reviews(String metrics, String endpoint) {
        return MetricsPage.sum(metrics, "ephemeral_ns_admission_requests_total", "webhook=\"" + endpoint + "\"");
    }

    /**
     * Starts a webhook process on the given HTTPS port with the e2e defaults plus the given settings; the
     * chart's webhook configurations call whichever process {@link ControlPlane#installChart} points them at.
     */
    ProgramProcess startWebhook(Map<String, String> settings, int port) {
        Map<String, String> properties = new LinkedHashMap<>(SHARED_SETTINGS);
        properties.put("ephemeral-ns.own-namespace", ServiceAccountIdentity.NAMESPACE);
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", String.valueOf(ProgramProcess.freePort()));
        properties.put("quarkus.http.ssl-port", String.valueOf(port));
        properties.put("quarkus.tls.key-store.pem.0.cert", certificate.cert().toString());
        properties.put("quarkus.tls.key-store.pem.0.key", certificate.key().toString());
        properties.put("webhook.profiles-file", profiles.toString());
        properties.put("webhook.retry-max", "2s");
        properties.put("webhook.janitor-access", JANITOR_ACCESS);
        properties.putAll(settings);
        String url = "https://127.0.0.1:" + port;
        // ready, not only live: as the chart's Service routes to the pod only once its admission path is warm
        return ProgramProcess.start(repo, "webhook", "admission-webhook", url,
                Map.of("KUBECONFIG", webhookKubeconfig.toString()), properties, "/q/health/ready");
    }

    /** The namespace of the image pull secrets' sources of {@link #writeProfiles} ({@code PullSecretsE2ETest}). */
    static final String PULL_SECRET_SOURCES = "e2e-pull-sources";

    /**
     * The shipped default profile plus {@code held-back}: the default objects and a ConfigMap the webhook has
     * no RBAC for, so that a namespace choosing it keeps waiting for its baseline until a test grants that; and two
     * profiles without objects that copy image pull secrets from {@value #PULL_SECRET_SOURCES}: {@code pull-secrets}
     * ({@code regcred}) and {@code pull-secrets-late} ({@code late}, which a test creates late). The webhook may read
     * those sources only while PullSecretsE2ETest has the chart installed with them (webhook.imagePullSecrets).
     */
    private static Path writeProfiles(Path repo, Path state) {
        String shipped = ControlPlane.read(repo.resolve("admission-webhook/src/main/resources/baseline-profiles.yaml"));
        String defaults = shipped.substring(shipped.indexOf("  default:\n") + "  default:\n".length());
        String heldBack = "  held-back:\n" + defaults + """
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata:
                        name: ephemeral-ns-held-back
                      data:
                        why: the webhook may not create ConfigMaps until a test grants it
                """;
        try {
            Path file = state.resolve("profiles.yaml");
            String pullSecrets = """
                      pull-secrets: []
                      pull-secrets-late: []
                    imagePullSecrets:
                      pull-secrets:
                        - {namespace: %1$s, name: regcred}
                      pull-secrets-late:
                        - {namespace: %1$s, name: late}
                    """.formatted(PULL_SECRET_SOURCES);
            java.nio.file.Files.writeString(file, shipped.stripTrailing() + "\n" + heldBack + pullSecrets);
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    KubernetesClient admin() {
        return controlPlane.admin();
    }

    @Override
    public void close() {
        webhook.close();
        janitor.close();
        controlPlane.close();
    }

    /** Resolves {@link E2eEnvironment} parameters, starting the environment on first use. */
    static final class Extension extends OncePerRun<E2eEnvironment> {
        Extension() {
            super(E2eEnvironment.class, E2eEnvironment::new);
        }
    }
}
