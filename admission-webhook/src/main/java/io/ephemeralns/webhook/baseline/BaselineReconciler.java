package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.namespaces.NamespaceCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final PullSecretSources sources;
    private final BaselineEvents events;

    @Inject
    public BaselineReconciler(NamespaceCache cache, BaselineProfiles profiles, BaselineApplier applier, CiSettings settings,
            PullSecretSources sources, BaselineEvents events) {
        this.cache = cache;
        this.profiles = profiles;
        this.applier = applier;
        this.settings = settings;
        this.sources = sources;
        this.events = events;
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
        PullSecrets pullSecrets = pullSecrets(plan);
        changed |= pullSecrets.changed();
        boolean marked = BaselineMark.isApplied(namespace);
        Optional<String> reason = Optional.ofNullable(namespace.annotations().get(ProductKeys.BASELINE_REASON));
        if (pullSecrets.problem().isPresent()) {
            String problem = pullSecrets.problem().get();
            if (!reason.equals(pullSecrets.problem())) {
                applier.markReason(name, problem);
                events.pullSecretMissing(namespace, problem, Instant.now());
            }
            LOG.warnf("baseline of namespace %s %s: %s", name, marked ? "incomplete" : "not applied", problem);
            return ReconcileResult.PULL_SECRET_MISSING;
        }
        if (reason.isPresent()) {
            applier.markAppliedAndClearReason(name);
        } else if (!marked) {
            applier.markApplied(name);
        }
        if (!marked) {
            LOG.infof("baseline profile %s applied to namespace %s (%d objects: %s%s)", plan.profile(), name,
                    plan.objects().size(), actions, plan.pullSecrets().isEmpty() ? "" : ", image pull secrets " + plan.pullSecrets());
        }
        if (plan.fellBack()) {
            return ReconcileResult.UNKNOWN_PROFILE;
        }
        return changed || !marked || reason.isPresent() ? ReconcileResult.APPLIED : ReconcileResult.UNCHANGED;
    }

    /**
     * Copies the image pull secrets whose sources can be copied and attaches those copies to the namespace's
     * {@code default} ServiceAccount; reports the first source that cannot be.
     */
    private PullSecrets pullSecrets(BaselinePlan plan) {
        if (plan.pullSecrets().isEmpty()) {
            return new PullSecrets(false, Optional.empty());
        }
        List<Map<String, Object>> copies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        for (PullSecretRef ref : plan.pullSecrets()) {
            PullSecretCopy.Decision decision = readable(plan.namespace(), ref);
            decision.copy().ifPresent(copy -> {
                copies.add(copy);
                names.add(ref.copyName());
            });
            problem = problem.or(decision::problem);
        }
        boolean changed = applier.apply(plan.namespace(), copies).keySet().stream().anyMatch(action -> action != RepairAction.NONE);
        changed |= applier.attachPullSecrets(plan.namespace(), names);
        return new PullSecrets(changed, problem);
    }

    /** The decision for one source; a source the webhook may not read is a problem to report, not a failure. */
    private PullSecretCopy.Decision readable(String namespace, PullSecretRef ref) {
        try {
            return PullSecretCopy.decide(namespace, ref, sources.read(ref));
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                throw e;
            }
            return PullSecretCopy.forbidden(ref);
        }
    }

    /** What the image pull secrets' part of a reconcile did: whether it wrote anything, and the first problem. */
    private record PullSecrets(boolean changed, Optional<String> problem) {
    }
}
