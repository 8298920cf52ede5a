package io.ephemeralns.janitor;

import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.sleep.SleepCheck;
import io.ephemeralns.janitor.sleep.SleepMetrics;
import io.ephemeralns.janitor.sleep.WorkloadApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the sleep of kept namespaces from {@link SleepSettings}, next to {@link JanitorComponents}: no check at all (no
 * request, no metric) when {@code janitor.sleep.after} is unset, and none in run-once mode (a CronJob's sweep has no
 * schedule to wake on). {@link ScheduledSleeps} runs it.
 */
@ApplicationScoped
public class SleepComponents {

    private static final Logger LOG = Logger.getLogger(SleepComponents.class);

    /** Validates {@code janitor.sleep.*} (a bad value stops the program) and logs it once; empty when the sleep is off. */
    @Produces
    @Singleton
    Optional<SleepCheck> sleepCheck(JanitorSettings settings, JanitorConfig config, KubernetesClient client,
            NamespaceLister lister, SweepPlanner planner, NamespaceEvents events, ActionGate gate,
            MeterRegistry registry, Clock clock) {
        SleepSettings sleep = SleepSettings.from(config.sleep(), config.requireAdmission());
        LOG.infof("janitor sleep settings: %s", sleep.describe());
        if (!sleep.enabled() || config.runOnce()) {
            return Optional.empty();
        }
        SleepCheck.Dependencies with = new SleepCheck.Dependencies(lister, planner, new WorkloadApi(client), events,
                new SleepMetrics(registry), gate, clock);
        return Optional.of(new SleepCheck(with, new SleepCheck.Mode(config.dryRun(),
                settings.shared().keepLabel(), sleep.after())));
    }
}
