package io.ephemeralns.janitor.sweep;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.stuck.JanitorAccess;
import io.ephemeralns.janitor.stuck.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Whether only the janitor's access is left in a terminating namespace, which only its status conditions tell: the
 * listings and the watch give metadata, so the namespace is read in full (one GET). Each answer is kept by the
 * namespace's UID with the resourceVersion it was read at, and given again without a request while the listed
 * resourceVersion is the same: every write to a namespace moves it, its status conditions included, so an unchanged
 * resourceVersion means unchanged conditions.
 *
 * <p>Why: without it, every sweep read every terminating CI namespace once. Namespaces stuck behind a broken aggregated
 * API all stay terminating, so 1,000 of them cost 1,000 GETs per {@code janitor.interval}; with it they cost none
 * until one changes. A namespace whose resourceVersion is unknown is read every time. The answer only chooses what a
 * sweep tries: the release itself reads the namespace again before acting.
 */
public final class OnlyOursReads {

    private record Answer(String resourceVersion, boolean onlyOurs) {
    }

    /** One answer, and whether it cost a request. */
    public record Read(boolean onlyOurs, boolean requested) {
    }

    private final Function<String, Namespace> read;
    private final Map<String, Answer> byUid = new ConcurrentHashMap<>();

    /** @param read the namespace of that name in full, null when it is gone */
    public OnlyOursReads(Function<String, Namespace> read) {
        this.read = read;
    }

    /** The answer for a terminating namespace as listed. */
    public Read onlyOursRemains(NamespaceView namespace) {
        Answer known = namespace.uid() == null ? null : byUid.get(namespace.uid());
        if (known != null && namespace.resourceVersion() != null && namespace.resourceVersion().equals(known.resourceVersion())) {
            return new Read(known.onlyOurs(), false);
        }
        Namespace full = read.apply(namespace.name());
        boolean onlyOurs = full != null && full.getMetadata() != null && full.getMetadata().getDeletionTimestamp() != null
                && JanitorAccess.onlyOursRemains(NamespaceCondition.of(full));
        String version = full == null || full.getMetadata() == null ? null : full.getMetadata().getResourceVersion();
        if (namespace.uid() != null && version != null && full.getMetadata() != null
                && namespace.uid().equals(full.getMetadata().getUid())) {
            byUid.put(namespace.uid(), new Answer(version, onlyOurs));
        }
        return new Read(onlyOurs, true);
    }

    /** Forgets every namespace but these UIDs (those a sweep still found terminating). */
    public void retainOnly(Set<String> uids) {
        byUid.keySet().retainAll(uids);
    }
}
