package io.ephemeralns.janitor.capture;

import java.util.List;

/**
 * The kinds a capture writes as YAML, one file each, in this order (small and telling first: a size cap cuts the
 * last ones). The janitor's RBAC grants {@code list} on exactly these when capture is enabled (the chart's
 * {@code rbac.yaml}); Secrets are read as metadata only ({@code PartialObjectMetadataList}), so that their data
 * never reaches the janitor.
 */
public final class CapturedKinds {

    /**
     * One kind.
     *
     * @param file         the archive entry, under {@code objects/}
     * @param apiPrefix    {@code /api/v1} or {@code /apis/<group>/<version>}
     * @param plural       the resource
     * @param metadataOnly true when only metadata is asked for
     */
    public record Kind(String file, String apiPrefix, String plural, boolean metadataOnly) {

        /** The list path in a namespace. */
        public String path(String namespace) {
            return apiPrefix + "/namespaces/" + namespace + "/" + plural;
        }
    }

    /** Every kind captured, in the order written. */
    public static final List<Kind> ALL = List.of(
            new Kind("pods.yaml", "/api/v1", "pods", false),
            new Kind("deployments.yaml", "/apis/apps/v1", "deployments", false),
            new Kind("replicasets.yaml", "/apis/apps/v1", "replicasets", false),
            new Kind("statefulsets.yaml", "/apis/apps/v1", "statefulsets", false),
            new Kind("jobs.yaml", "/apis/batch/v1", "jobs", false),
            new Kind("services.yaml", "/api/v1", "services", false),
            new Kind("configmaps.yaml", "/api/v1", "configmaps", false),
            new Kind("persistentvolumeclaims.yaml", "/api/v1", "persistentvolumeclaims", false),
            new Kind("secrets.yaml", "/api/v1", "secrets", true));

    /** The namespace's core Events, written as {@code events.yaml} before everything else. */
    public static final Kind EVENTS = new Kind("events.yaml", "/api/v1", "events", false);

    private CapturedKinds() {
    }
}
