package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.namespaces.NamespaceCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One reconcile of one namespace's isolation baseline, exactly as its profile says: {@code reconcile(name)} reads the
 * namespace from the {@link NamespaceCache}, compares every live object with its desired object
 * ({@link BaselineComparison}), repairs only what differs ({@link BaselineApplier}) and then marks the namespace
 * {@code ephemeral-ns.io/baseline=applied}. A namespace that already equals its profile costs no API call, so a
 * resync of thousands of namespaces is a walk through memory. Only CI namespaces that are not terminating
 * ({@link ActiveCiNamespace}) are touched. What calls it, when and how often is {@link BaselineController}'s concern.
 *
 * <p>A namespace whose profile label names an unknown profile (possible only when the profiles file changed after
 * it was admitted: the validating webhook refuses unknown profiles) gets the {@code default} profile, a warning in
 * the log and the result {@code unknown_profile}: isolation matters more than the exact profile.
 */
@ApplicationScoped
public class BaselineReconciler {

    private static final Logger LOG = Logger.getLogger(BaselineReconciler.class);

    private final NamespaceCache cache;
    private final BaselineProfiles profiles;
    private final BaselineApplier applier;
    private final CiSettings settings;

    @Inject
    public BaselineReconciler(NamespaceCache cache, BaselineProfiles profiles, BaselineApplier applier, CiSettings settings) {
        this.cache = cache;
        this.profiles = profiles;
        this.applier = applier;
        this.settings = settings;
    }

    /**
     * Makes the namespace's baseline equal its profile, now.
     *
     * @throws RuntimeException when an API call fails; the caller retries
     */
    public ReconcileResult reconcile(String name) {
        Optional<NamespaceView> found = cache.namespace(name);
        if (found.isEmpty() || !ActiveCiNamespace.is(settings, found.get())) {
            return ReconcileResult.SKIPPED;
        }
        NamespaceView namespace = found.get();
        BaselinePlan plan = profiles.plan(namespace);
        if (plan.fellBack()) {
            LOG.warnf("namespace %s asks for baseline profile %s, which %s does not define: applying %s",
                    name, plan.requestedProfile(), profiles.file(), plan.profile());
        }
        Map<RepairAction, Integer> actions = applier.apply(plan);
        boolean changed = actions.keySet().stream().anyMatch(action -> action != RepairAction.NONE);
        boolean marked = BaselineMark.isApplied(namespace);
        if (!marked) {
            applier.markApplied(name);
            LOG.infof("baseline profile %s applied to namespace %s (%d objects: %s)", plan.profile(), name,
                    plan.objects().size(), actions);
        }
        if (plan.fellBack()) {
            return ReconcileResult.UNKNOWN_PROFILE;
        }
        return changed || !marked ? ReconcileResult.APPLIED : ReconcileResult.UNCHANGED;
    }
}
