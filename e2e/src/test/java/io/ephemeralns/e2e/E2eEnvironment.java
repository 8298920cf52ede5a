package io.ephemeralns.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Everything the end-to-end tests share, started once per test run and stopped at its end (also when a test
 * fails): the control plane, the programs' identities, and the janitor running as a real process with
 * a short interval. Test classes receive it as a parameter ({@code @ExtendWith(E2eEnvironment.Extension.class)}).
 */
final class E2eEnvironment implements AutoCloseable {

    /** Lifetimes in the tests are seconds, so the shortest accepted TTL is lowered for both programs. */
    static final Map<String, String> SHARED_SETTINGS = Map.of("ephemeral-ns.min-ttl", "1s");

    final Path repo;
    final ControlPlane controlPlane;
    final ServiceAccountIdentity janitorIdentity;
    final Path janitorKubeconfig;
    final ProgramProcess janitor;

    private E2eEnvironment(Path repo) {
        this.repo = repo;
        this.controlPlane = ControlPlane.start(repo);
        try {
            KubernetesClient admin = controlPlane.admin();
            janitorIdentity = ServiceAccountIdentity.create(admin, repo, "ephemeral-ns-janitor", "janitor.yaml");
            janitorKubeconfig = janitorIdentity.writeKubeconfig(controlPlane, controlPlane.kubeconfig().getParent());
            janitor = startJanitor(Map.of("janitor.interval", "2s", "janitor.leader-election.enabled", "true"));
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
    }

    /** Starts a janitor process with the e2e defaults plus the given settings; the caller closes it. */
    ProgramProcess startJanitor(Map<String, String> settings) {
        return startJanitor(settings, true);
    }

    /** Starts a janitor that may exit at once (run-once); the caller waits for its exit and closes it. */
    ProgramProcess startJanitorProcessWithoutWaiting(Map<String, String> settings) {
        return startJanitor(settings, false);
    }

    private ProgramProcess startJanitor(Map<String, String> settings, boolean awaitLive) {
        int port = ProgramProcess.freePort();
        Map<String, String> properties = new LinkedHashMap<>(SHARED_SETTINGS);
        properties.put("ephemeral-ns.own-namespace", ServiceAccountIdentity.NAMESPACE);
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.putAll(settings);
        return ProgramProcess.start(repo, "janitor", "janitor", "http://127.0.0.1:" + port,
                Map.of("KUBECONFIG", janitorKubeconfig.toString()), properties, awaitLive);
    }

    KubernetesClient admin() {
        return controlPlane.admin();
    }

    @Override
    public void close() {
        janitor.close();
        controlPlane.close();
    }

    /** Resolves {@link E2eEnvironment} parameters, starting the environment on first use. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == E2eEnvironment.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(E2eEnvironment.class, key -> new Resource(new E2eEnvironment(repo())), Resource.class)
                    .environment;
        }

        private static Path repo() {
            String repo = System.getProperty("e2e.repo");
            return Path.of(repo == null ? ".." : repo).toAbsolutePath().normalize();
        }
    }

    /** Stops the environment when the test run ends. */
    record Resource(E2eEnvironment environment) implements AutoCloseable {
        @Override
        public void close() {
            environment.close();
        }
    }
}
