package io.ephemeralns.webhook.events;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.webhook.namespaces.NamespaceCache;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Records the {@code Extended} Event when the namespace cache sees a granted extension ({@link ExtendedEvent}): the
 * admission handler that granted it has no side effects, so the Event comes from here, on every replica, recorded
 * once ({@link NamespaceEventWriter}). Additions (start-up listings) and deletions record nothing.
 */
@ApplicationScoped
public class ExtensionEvents implements ResourceEventHandler<Namespace> {

    private final CiSettings settings;
    private final NamespaceEventWriter writer;

    public ExtensionEvents(CiSettings settings, NamespaceEventWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    void onStart(@Observes @Priority(300) StartupEvent event, NamespaceCache cache) {
        cache.addEventHandler(this);
    }

    @Override
    public void onAdd(Namespace namespace) {
        // a first sight (also every namespace listed at start-up) is no new extension
    }

    @Override
    public void onUpdate(Namespace before, Namespace after) {
        ExtendedEvent.of(settings, NamespaceView.of(before), NamespaceView.of(after)).ifPresent(writer::record);
    }

    @Override
    public void onDelete(Namespace namespace, boolean unknownFinalState) {
        // nothing to record
    }
}
