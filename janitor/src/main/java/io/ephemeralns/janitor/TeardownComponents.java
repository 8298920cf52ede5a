package io.ephemeralns.janitor;

import io.ephemeralns.janitor.forge.Forge;
import io.ephemeralns.janitor.forge.ReplayGuard;
import io.ephemeralns.janitor.teardown.NamespaceMarker;
import io.ephemeralns.janitor.teardown.Receiver;
import io.ephemeralns.janitor.teardown.TeardownMetrics;
import io.ephemeralns.janitor.teardown.TeardownServer;
import io.ephemeralns.runtime.LeaseLeadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Builds the forge webhook receiver from {@link TeardownSettings}, next to {@link JanitorComponents}, and starts its
 * server at start-up when {@code janitor.teardown.enabled} (never in run-once mode). Dry-run and leadership reach the
 * {@link NamespaceMarker} from here. The receiver only marks namespaces; the sweep built by
 * {@link JanitorComponents} deletes them.
 */
@ApplicationScoped
class TeardownComponents {

    private static final Logger LOG = Logger.getLogger(TeardownComponents.class);

    @Produces
    @Singleton
    TeardownSettings teardownSettings(JanitorConfig config) {
        TeardownSettings settings = TeardownSettings.from(config.teardown(), config.runOnce());
        LOG.infof("janitor teardown settings: %s", settings.describe());
        return settings;
    }

    @Produces
    @Singleton
    TeardownServer server(Vertx vertx, TeardownSettings teardown, JanitorSettings settings, JanitorConfig config,
            KubernetesClient client, LeaseLeadership leadership, MeterRegistry registry, Clock clock) {
        NamespaceMarker marker = new NamespaceMarker(client, settings.shared(), settings.policy().requireAdmission(),
                config.dryRun(), leadership::isLeader);
        TeardownMetrics metrics = new TeardownMetrics(registry);
        Receiver receiver = new Receiver(Map.of(Forge.GITHUB, teardown.githubSecret(), Forge.GITLAB, teardown.gitlabSecret()),
                teardown.grace(), new ReplayGuard(teardown.replayWindow(), teardown.replayCapacity()), marker, metrics,
                clock);
        return new TeardownServer(vertx, receiver, metrics, teardown.port(), teardown.maxBodyBytes());
    }

    /** Builds and starts the server only when enabled: a janitor without it has neither its port nor its metrics. */
    void start(@Observes StartupEvent event, TeardownSettings teardown, Instance<TeardownServer> servers) throws Exception {
        if (teardown.enabled()) {
            TeardownServer server = servers.get();
            server.start();
            LOG.infof("teardown receiver listening on port %d: POST %sgithub, %sgitlab", server.actualPort(),
                    TeardownServer.PATH_PREFIX, TeardownServer.PATH_PREFIX);
        }
    }

    void stop(@Observes ShutdownEvent event, TeardownSettings teardown, Instance<TeardownServer> servers) throws Exception {
        if (teardown.enabled()) {
            servers.get().stop();
        }
    }
}
