package io.ephemeralns.janitor.teardown;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.janitor.forge.Ending;
import io.ephemeralns.janitor.forge.Marking;
import io.ephemeralns.janitor.kube.NamespaceAnnotation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Marks the namespaces an ending names with {@code ephemeral-ns.io/teardown-at}: lists the namespaces carrying the
 * ending's labels (a label selector, so the API server does the matching), asks {@link Marking} about each, and
 * patches the annotation with the namespace's UID in the patch, so that a namespace deleted and re-created under the
 * same name in between is never marked (the API server refuses the changed UID). Leadership is checked again before
 * every patch. In dry-run it only logs. It never deletes: the sweep does, through its own safety.
 *
 * @param requireAdmission {@code janitor.require-admission}
 * @param dryRun           {@code janitor.dry-run}: log, patch nothing
 * @param isLeader         whether this replica holds the janitor's Lease
 */
public record NamespaceMarker(KubernetesClient client, CiSettings settings, boolean requireAdmission, boolean dryRun,
        BooleanSupplier isLeader) {

    private static final Logger LOG = Logger.getLogger(NamespaceMarker.class);

    /** Raised when this replica is not (or no longer) the leader. */
    public static final class NotLeader extends RuntimeException {
        NotLeader() {
            super("this janitor replica does not hold the Lease", null, false, false);
        }
    }

    /**
     * What one ending did.
     *
     * @param marked the namespaces marked (in dry-run: that would be)
     * @param failed the namespaces whose patch failed (logged with the reason)
     */
    public record Result(List<String> marked, List<String> failed) {
    }

    /**
     * Marks every namespace the ending names for teardown at {@code teardownAt}.
     *
     * @return what was marked and what failed
     * @throws NotLeader                 when this replica is not the leader
     * @throws KubernetesClientException when listing fails (a failed patch is logged and skipped)
     */
    public Result mark(Ending ending, Instant teardownAt) {
        if (!isLeader.getAsBoolean()) {
            throw new NotLeader();
        }
        List<Namespace> candidates = client.namespaces().withLabels(ending.labels()).list().getItems();
        List<String> marked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Namespace namespace : candidates) {
            NamespaceView view = NamespaceView.of(namespace);
            Marking.Verdict verdict = Marking.of(view, ending, teardownAt, settings, requireAdmission);
            if (verdict != Marking.Verdict.MARK) {
                LOG.infof("teardown of %s: namespace %s not marked (%s)", ending.describe(), view.name(), verdict.word());
                continue;
            }
            if (dryRun) {
                LOG.infof("DRY-RUN: would mark namespace %s with %s=%s (%s ended)", view.name(), ProductKeys.TEARDOWN_AT,
                        Timestamps.format(teardownAt), ending.describe());
                marked.add(view.name());
                continue;
            }
            if (!isLeader.getAsBoolean()) {
                throw new NotLeader();
            }
            (patch(view, teardownAt, ending) ? marked : failed).add(view.name());
        }
        return new Result(List.copyOf(marked), List.copyOf(failed));
    }

    /** The annotation with the namespace's UID in the patch ({@link NamespaceAnnotation}, which logs a failure). */
    private boolean patch(NamespaceView view, Instant teardownAt, Ending ending) {
        String at = Timestamps.format(teardownAt);
        if (!new NamespaceAnnotation(client, ProductKeys.TEARDOWN_AT).write(view.name(), view.uid(), at)) {
            return false;
        }
        LOG.infof("marked namespace %s with %s=%s: %s ended", view.name(), ProductKeys.TEARDOWN_AT, at, ending.describe());
        return true;
    }
}
