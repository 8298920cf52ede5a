package io.ephemeralns.janitor.report;

import io.ephemeralns.common.NamespaceStatus;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.common.Timestamps;
import io.ephemeralns.common.Ttl;
import io.ephemeralns.janitor.capacity.Requested;
import java.time.Duration;
import java.time.Instant;

/**
 * One CI namespace as {@code GET /namespaces} shows it: the view {@code kubectl get ns} cannot give.
 *
 * @param name       namespace name
 * @param state      {@code active}, {@code kept}, {@code expired}, {@code no_ttl}, {@code terminating} or {@code stuck}
 * @param ageSeconds seconds since creation, null when unknown
 * @param age        the same in TTL notation ({@code 1h30m})
 * @param ttl        the {@code ttl} label as the pipeline wrote it, null when absent or invalid
 * @param ttlProblem why the {@code ttl} label is not valid, null when it is
 * @param expiresAt  RFC 3339 expiry, null for never
 * @param expiryRule which rule decided the expiry ({@code ttl}, {@code default_ttl}, {@code fallback_ttl},
 *                   {@code keep_expired}, {@code max_lifetime}, {@code extended}, {@code none})
 * @param kept       whether {@code keep=true} is set
 * @param branch     the pipeline's {@code branch} label
 * @param commit     the pipeline's {@code commit} label
 * @param requested  the CPU, memory and storage its baseline ResourceQuota counts as requested (and the limits), as
 *                   of the sweep; null when unknown (no baseline quota, {@code janitor.capacity=false}, the quota
 *                   listing failed, or a replica that does not sweep)
 * @param sleptAt    RFC 3339 instant at which the janitor put it to sleep ({@code janitor.sleep.after}: its workloads
 *                   scaled to zero), null while it is awake
 */
public record NamespaceReport(String name, String state, Long ageSeconds, String age, String ttl, String ttlProblem,
        String expiresAt, String expiryRule, boolean kept, String branch, String commit, Requested requested,
        String sleptAt) {

    /** The report entry of a classified namespace. */
    public static NamespaceReport of(NamespaceStatus status, String ttlLabel, String keepLabel, Instant now) {
        return new NamespaceReport(
                status.namespace().name(),
                status.state().tag(),
                status.age().map(age -> age.getSeconds()).orElse(null),
                status.age().map(NamespaceReport::age).orElse(null),
                status.expiry().ttl().map(valid -> status.namespace().label(ttlLabel)).orElse(null),
                status.expiry().ttlProblem().orElse(null),
                status.expiry().expiresAt().map(Timestamps::format).orElse(null),
                status.expiry().basis().tag(),
                "true".equals(status.namespace().label(keepLabel)),
                status.namespace().label("branch"),
                status.namespace().label("commit"),
                null,
                status.namespace().annotation(ProductKeys.SLEPT_AT));
    }

    /** The same entry with the capacity the namespace holds. */
    public NamespaceReport withRequested(Requested held) {
        return new NamespaceReport(name, state, ageSeconds, age, ttl, ttlProblem, expiresAt, expiryRule, kept, branch,
                commit, held, sleptAt);
    }

    /** An age in TTL notation ({@code 1h30m}); zero is {@code 0s}. */
    public static String age(Duration age) {
        return age.getSeconds() > 0 ? Ttl.format(age) : "0s";
    }
}
