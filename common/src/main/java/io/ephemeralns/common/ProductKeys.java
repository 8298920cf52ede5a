package io.ephemeralns.common;

/**
 * The label and annotation keys the product owns (all under {@code ephemeral-ns.io/}), as fixed by the
 * contract ({@code docs/contract.md}). The product writes only these; pipeline-owned labels are read, never written.
 * Every key under the prefix on a namespace is the product's: a pipeline can neither set, change nor remove one
 * (the admission webhook resets or refuses it), which is what lets both programs trust them.
 */
public final class ProductKeys {

    /** Common prefix of every key the product writes. */
    public static final String PREFIX = "ephemeral-ns.io/";

    /** Label on every CI namespace the webhook admitted; keeps it in the janitor's scope. */
    public static final String MANAGED = PREFIX + "managed";
    /** Annotation: RFC 3339 UTC instant at which the namespace expires. */
    public static final String EXPIRES_AT = PREFIX + "expires-at";
    /** Annotation: {@code label} or {@code default}, where the expiry's TTL came from. */
    public static final String TTL_SOURCE = PREFIX + "ttl-source";
    /** Annotation: RFC 3339 UTC instant at which {@code keep=true} first appeared. */
    public static final String KEPT_AT = PREFIX + "kept-at";
    /**
     * Annotation: RFC 3339 UTC instant at which the mutating webhook admitted the namespace as CI (at CREATE, or at
     * the labelling UPDATE within the label window). Stamped once, never changed; the janitor acts only on
     * namespaces admitted before their deletion started ({@link Admission}).
     */
    public static final String ADMITTED_AT = PREFIX + "admitted-at";
    /** Annotation: {@code applied} once every baseline object exists. */
    public static final String BASELINE = PREFIX + "baseline";
    /**
     * Annotation a person or a pipeline sets to ask for more time ({@code kubectl annotate namespace X
     * ephemeral-ns.io/extend=4h}): a request, the one product key a requester writes. The mutating webhook consumes
     * it in the same request (it is never stored) and stamps {@link #EXPIRES_AT}, {@link #EXTENDED_AT},
     * {@link #EXTENDED_BY} and {@link #EXTENDED_FOR}; a request it cannot grant is refused with the reason.
     */
    public static final String EXTEND = PREFIX + "extend";
    /**
     * Annotation: RFC 3339 UTC instant of the latest granted extension. While present, {@link #EXPIRES_AT} is the
     * base of the expiry rule instead of creation + ttl ({@link Expiry}); a change of the ttl label removes it.
     */
    public static final String EXTENDED_AT = PREFIX + "extended-at";
    /** Annotation: the username of whoever asked for the latest granted extension. */
    public static final String EXTENDED_BY = PREFIX + "extended-by";
    /** Annotation: the duration that extension asked for, in the TTL grammar ({@code 4h}). */
    public static final String EXTENDED_FOR = PREFIX + "extended-for";
    /**
     * Annotation: one line saying why a namespace's baseline is not complete (an image pull secret's source is missing
     * or of a wrong type), written by the baseline reconciler and removed once it is; strict mode's denial quotes it.
     */
    public static final String BASELINE_REASON = PREFIX + "baseline-reason";
    /** Annotation: one line saying why a namespace cannot finish terminating. */
    public static final String STUCK_REASON = PREFIX + "stuck-reason";
    /**
     * Annotation: RFC 3339 UTC instant at which the janitor tears the namespace down because its pull request closed
     * or its branch was deleted (the forge's webhook delivery, plus {@code janitor.teardown.grace}). Written by the
     * janitor only; like every key under the prefix, a pipeline can neither set nor remove it. An earlier expiry in
     * {@link Expiry}, unless the namespace is kept.
     */
    public static final String TEARDOWN_AT = PREFIX + "teardown-at";
    /**
     * Annotation: RFC 3339 UTC instant at which the janitor plans to delete the namespace, written by the janitor when
     * it warns ({@code janitor.warn.before} ahead). It records which expiry was warned of, so that a restarted janitor
     * does not warn twice and a new expiry (extended, ttl changed) is warned of again. Informational: the expiry rule
     * never reads it; like every key under the prefix, a pipeline can neither set nor remove it.
     */
    public static final String DELETION_PLANNED_AT = PREFIX + "deletion-planned-at";
    /**
     * Label on an object outside a CI namespace (a cluster-scoped object, a PersistentVolume) naming the CI namespace
     * it belongs to: {@code ephemeral-ns.io/owner-namespace=<namespace>} (issue 15). Set by pipelines, or stamped by
     * the mutating webhook on cluster-scoped objects a CI namespace's ServiceAccount creates; the janitor deletes such
     * objects after that namespace is gone, only when they were created after it. The janitor writes it on
     * PersistentVolumes bound to claims in live CI namespaces (with {@link #OWNER_NAMESPACE_UID}), so that a volume
     * left {@code Released} once its namespace is gone can still be proven to be a CI namespace's.
     */
    public static final String OWNER_NAMESPACE = PREFIX + "owner-namespace";
    /**
     * Annotation next to {@link #OWNER_NAMESPACE} on a PersistentVolume: the UID of that namespace when the janitor
     * labelled the volume, so that a namespace re-created under the same name is not taken for the owner.
     */
    public static final String OWNER_NAMESPACE_UID = PREFIX + "owner-namespace-uid";
    /**
     * Annotation: RFC 3339 UTC instant at which the janitor put a kept namespace to sleep ({@code janitor.sleep.after}:
     * its Deployments and StatefulSets scaled to zero). Present while it sleeps; removed when it is woken.
     */
    public static final String SLEPT_AT = PREFIX + "slept-at";
    /**
     * Annotation: the replica counts the janitor saved when it put the namespace to sleep, on the namespace (the record
     * a wake restores, {@code deployment/web=3,statefulset/db=1}) and on each workload it scaled to zero (that
     * workload's count, for whoever reads the workload). A wake restores only the namespace's record: like every key
     * under the prefix on a namespace, a pipeline can neither set nor change it, while a workload's annotations are
     * the pipeline's to write.
     */
    public static final String SLEEP_REPLICAS = PREFIX + "sleep-replicas";
    /**
     * Annotation: RFC 3339 UTC instant of the latest wake. A woken namespace sleeps again only once its workloads and
     * this instant are older than {@code janitor.sleep.after}.
     */
    public static final String WOKEN_AT = PREFIX + "woken-at";
    /**
     * Label a person or a pipeline sets to wake a sleeping namespace ({@code kubectl label namespace X
     * ephemeral-ns.io/wake=true}): a request, the one product label a requester may add (value {@code true} only, on a
     * CI namespace). The janitor restores the saved replicas and removes it.
     */
    public static final String WAKE = PREFIX + "wake";
    /** Label on a namespace choosing its baseline profile. */
    public static final String PROFILE = PREFIX + "profile";
    /** Label on every injected baseline object. */
    public static final String BASELINE_OBJECT = PREFIX + "baseline";
    /** Standard label naming the product on every injected object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String PRODUCT = "ephemeral-ns";

    /** Value of {@link #TTL_SOURCE} when the TTL came from the pipeline's label. */
    public static final String TTL_SOURCE_LABEL = "label";
    /** Value of {@link #TTL_SOURCE} when the TTL is the configured default. */
    public static final String TTL_SOURCE_DEFAULT = "default";

    private ProductKeys() {
    }

    /** True for a label or annotation key under {@link #PREFIX}, which only the product may write. */
    public static boolean isProductKey(String key) {
        return key != null && key.startsWith(PREFIX);
    }
}
