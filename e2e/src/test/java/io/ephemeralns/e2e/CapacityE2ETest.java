package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The capacity CI namespaces hold, as the janitor (a real process under the chart's RBAC, which grants list on
 * resourcequotas) reads it from the webhook's baseline ResourceQuota. There is no node: the Pod stays Pending, but the
 * quota admission charges its requests at creation, which is what the baseline quota's status.used counts.
 */
class CapacityE2ETest extends E2eTest {

    private static final Pattern ACTIVE_CPU = Pattern.compile(
            "^ephemeral_ns_requested_cpu_cores\\{state=\"active\"} ([0-9.E+-]+)$", Pattern.MULTILINE);

    @Test
    void aPodsRequestsInACiNamespaceShowInTheActiveGaugeAndTheReport() {
        String name = Names.ciNamespace("capacity");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("created-by", "ci-cd", "ttl", "1h")).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> "applied".equals(admin.namespaces().withName(name).get().getMetadata().getAnnotations()
                        .get("ephemeral-ns.io/baseline")));

        StrictMode.onceAdmitted(() -> admin.pods().inNamespace(name).resource(new PodBuilder().withNewMetadata()
                .withName("app").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("registry.invalid/app:1").withNewResources().addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("64Mi")).addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("128Mi")).endResources().endContainer().endSpec().build()).create());

        // a janitor of its own that lists the quotas at every sweep (the shared one lists them every 15 minutes)
        try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1s", "janitor.capacity-interval", "1s",
                "janitor.dry-run", "true", "janitor.leader-election.enabled", "false"))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> janitor.get("/namespaces"), Pattern.compile("\"name\":\"" + Pattern.quote(name)
                            + "\"[^}]*\"requested\":\\{\"cpuCores\":0\\.25,\"memoryBytes\":67108864,\"storageBytes\":0,"
                            + "\"cpuLimitCores\":0\\.5,\"memoryLimitBytes\":134217728}").asPredicate());
            Matcher active = ACTIVE_CPU.matcher(janitor.get("/q/metrics"));
            assertThat(active.find()).as("the active gauge is exported").isTrue();
            assertThat(Double.parseDouble(active.group(1))).as("other test namespaces may hold more")
                    .isGreaterThanOrEqualTo(0.25);
            assertThat(janitor.log()).doesNotContain("cannot list the baseline ResourceQuotas");
        }
    }
}
