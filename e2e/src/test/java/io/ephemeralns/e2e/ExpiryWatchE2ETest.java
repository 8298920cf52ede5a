package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deletion at expiry (janitor.watch): a janitor whose sweep runs once at start and then only every hour deletes a
 * namespace shortly after it expires, which only its watch-fed cache and delay queue can do, and leaves one that was
 * kept before its expiry. The namespaces carry a TTL label of this janitor's own ({@value #TTL_LABEL}, 15 s), so that
 * the shared janitor, which reads {@code ttl} (1 h, as the webhook requires), leaves them to this one.
 */
class ExpiryWatchE2ETest extends E2eTest {

    private static final String TTL_LABEL = "e2e-watch-ttl";

    @Test
    void deletesANamespaceAtItsExpiryWithoutWaitingForASweepAndLeavesOneKeptBeforeIt() throws Exception {
        try (ProgramProcess janitor = env.startJanitor(Map.of("janitor.interval", "1h",
                "janitor.leader-election.enabled", "false", "ephemeral-ns.selector", "e2e-watch=true",
                "ephemeral-ns.ttl-label", TTL_LABEL))) {
            // after the janitor's one sweep at start (1 s in, which also measures the clock skew): the next is an hour away
            await().atMost(Duration.ofSeconds(30)).until(() -> janitor.log().contains("sweep: "));
            String expiring = Names.ciNamespace("at-expiry");
            String kept = Names.ciNamespace("kept-early");
            createNamespace(expiring, labels());
            createNamespace(kept, labels());
            admin.namespaces().withName(kept).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToLabels("keep", "true").endMetadata().build());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> terminatingOrGone(expiring));

            // the API server marks it terminating before the janitor hears back and logs
            janitor.awaitLogged("deleted namespace " + expiring + " expired (reason ttl, ttl 15s");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> !terminatingOrGone(kept));
            assertThat(janitor.log()).doesNotContain("deleted namespace " + kept);
            janitor.awaitMetrics("ephemeral_ns_deletion_delay_seconds_count 1.0");
        }
    }

    /** Managed, as the admission policies require of what the janitor deletes; {@code ttl} for the webhook. */
    private static Map<String, String> labels() {
        return Map.of("e2e-watch", "true", TTL_LABEL, "15s", "ttl", "1h", "ephemeral-ns.io/managed", "true");
    }

    private static void createNamespace(String name, Map<String, String> labels) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }
}
