package io.ephemeralns.webhook.baseline;

import io.ephemeralns.common.ActiveCiNamespace;
import io.ephemeralns.common.BaselineMark;
import io.ephemeralns.common.CiScope;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * The events that queue a namespace for a reconcile, handled by every replica (the event sources, in
 * java-operator-sdk's terms; the periodic resync is {@link BaselineController}'s): a CI namespace appears, becomes CI,
 * changes profile or lacks {@code baseline=applied} (the namespace informer); a baseline object is deleted or its
 * content is edited ({@link BaselineObjectCache}, which reports the object's namespace). Terminating namespaces are
 * left alone. Whether a namespace event counts is decided by pure functions of the namespace before and after.
 */
final class BaselineTriggers implements ResourceEventHandler<Namespace> {

    private final CiSettings settings;
    private final ReconcileQueue queue;

    BaselineTriggers(CiSettings settings, ReconcileQueue queue) {
        this.settings = settings;
        this.queue = queue;
    }

    /**
     * A namespace seen for the first time (also each one listed at start-up) waits for its baseline when it needs one
     * and is not marked yet; a namespace already marked is checked by the leader's resync.
     */
    static boolean queuesAdded(CiSettings settings, NamespaceView namespace) {
        return ActiveCiNamespace.is(settings, namespace) && !BaselineMark.isApplied(namespace);
    }

    /** A changed namespace that needs a baseline waits for one when it just became CI, lost its mark or changed profile. */
    static boolean queuesUpdated(CiSettings settings, NamespaceView before, NamespaceView after) {
        boolean wasCi = CiScope.isCiNamespace(settings, before.name(), before.labels());
        return ActiveCiNamespace.is(settings, after) && (!wasCi || !BaselineMark.isApplied(after)
                || !Objects.equals(before.label(ProductKeys.PROFILE), after.label(ProductKeys.PROFILE)));
    }

    @Override
    public void onAdd(Namespace namespace) {
        NamespaceView view = NamespaceView.of(namespace);
        if (queuesAdded(settings, view)) {
            queue.enqueue(view.name());
        }
    }

    @Override
    public void onUpdate(Namespace before, Namespace after) {
        NamespaceView view = NamespaceView.of(after);
        if (queuesUpdated(settings, NamespaceView.of(before), view)) {
            queue.enqueue(view.name());
        }
    }

    @Override
    public void onDelete(Namespace namespace, boolean unknownFinalState) {
        queue.forget(namespace.getMetadata().getName());
    }

    /** A baseline object of this namespace was edited or deleted. */
    void baselineObjectChanged(String namespace) {
        queue.enqueue(namespace);
    }
}
