package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.capacity.Requested;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What each namespace holds by its baseline ResourceQuotas: one cluster-wide listing of the ResourceQuotas labelled
 * {@code ephemeral-ns.io/baseline=true}, page by page, at most once per {@code refresh}
 * ({@code janitor.capacity-interval}); the sweeps in between get the last figures, with no request. Full objects, because {@code status.used} is
 * what counts (metadata has none). Only quotas named {@code ephemeral-ns-…} count, as the webhook's reconciler
 * names them; a namespace with several counts the most any of them says ({@link Requested#max}). Which of these
 * namespaces are CI namespaces, and in which state, is the sweep's to say.
 *
 * <p>Why a listing per sweep and not a watch: a quota's {@code status.used} changes with every Pod created or deleted
 * in its namespace, so a watch is a second long-lived stream carrying the CI's Pod churn, kept in sync for a gauge read
 * once per scrape; a listing is bounded and stateless: {@code ceil(quotas / page-size)} requests per
 * {@code janitor.interval}, one page held at a time (2,000 quotas: 4 requests, 5.4 MB, 0.11-0.17 s of API-server
 * time; docs/benchmarks.md, where the watch is named as the step for 10,000 namespaces).
 */
public class BaselineQuotas {

    static final String NAME_PREFIX = "ephemeral-ns-";

    private final KubernetesClient client;
    private final long pageSize;
    private final Duration refresh;
    private Usage last;
    private Instant listedAt;

    /**
     * @param pageSize quotas per list request ({@code janitor.page-size})
     * @param refresh  least time between two listings ({@code janitor.capacity-interval})
     */
    public BaselineQuotas(KubernetesClient client, long pageSize, Duration refresh) {
        this.client = client;
        this.pageSize = pageSize;
        this.refresh = refresh;
    }

    /** A listing's result: what each namespace holds, by name, and the list requests made. */
    public record Usage(Map<String, Requested> byNamespace, int requests) {
    }

    /**
     * The last listing's figures while it is younger than {@code refresh} (no request: {@link Usage#requests} 0),
     * else a new listing. A failed listing is not remembered: the next sweep lists again.
     *
     * @throws KubernetesClientException when a page cannot be read
     */
    public synchronized Usage usage(Instant now) {
        if (last != null && now.isBefore(listedAt.plus(refresh))) {
            return new Usage(last.byNamespace(), 0);
        }
        last = list();
        listedAt = now;
        return last;
    }

    /** Forgets the last listing: the next {@link #usage} lists again. */
    public synchronized void forget() {
        last = null;
    }

    /**
     * Lists the baseline quotas; a listing whose {@code continue} token expired (410 Gone) starts again.
     *
     * @throws KubernetesClientException when a page cannot be read
     */
    public Usage list() {
        return ExpiredListings.restarting("baseline quota", this::listAll);
    }

    private Usage listAll() {
        Map<String, Requested> byNamespace = new HashMap<>();
        String token = null;
        int requests = 0;
        do {
            ResourceQuotaList page = client.resourceQuotas().inAnyNamespace()
                    .withLabel(ProductKeys.BASELINE, "true")
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build());
            requests++;
            for (ResourceQuota quota : page.getItems()) {
                add(byNamespace, quota);
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return new Usage(byNamespace, requests);
    }

    static void add(Map<String, Requested> byNamespace, ResourceQuota quota) {
        if (quota.getMetadata() == null || quota.getMetadata().getNamespace() == null
                || quota.getMetadata().getName() == null || !quota.getMetadata().getName().startsWith(NAME_PREFIX)
                || quota.getStatus() == null) {
            return;
        }
        byNamespace.merge(quota.getMetadata().getNamespace(), Requested.ofUsed(quota.getStatus().getUsed()),
                Requested::max);
    }
}
