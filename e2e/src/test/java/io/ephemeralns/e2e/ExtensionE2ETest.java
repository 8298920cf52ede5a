package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Extending a CI namespace's life ({@code kubectl annotate namespace X ephemeral-ns.io/extend=4h}) as a pipeline, through
 * the real API server and the webhook: granted and recorded, bounded by max-lifetime, refused when malformed or not
 * about a CI namespace, unforgeable, and told by an {@code Extended} Event.
 */
class ExtensionE2ETest extends E2eTest {

    private static final String EXTEND = "ephemeral-ns.io/extend";

    /** A namespace made the seed's way by the pipeline: created, then labelled at once. */
    private static String pipelineNamespace(String branch, String ttl) {
        String ns = Names.ciNamespace(branch);
        pipeline.run("create", "namespace", ns).ok();
        pipeline.run("label", "namespace", ns, "created-by=ci-cd", "ttl=" + ttl, "branch=" + branch).ok();
        return ns;
    }

    private static List<Event> extendedEvents(String ns) {
        return admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> ns.equals(event.getInvolvedObject().getName()) && "Extended".equals(event.getReason()))
                .toList();
    }

    @Test
    void aPipelineExtendsItsNamespaceFromNowAndAnEventSaysWhoAndUntilWhen() {
        String ns = pipelineNamespace("extend", "1h");

        pipeline.run("annotate", "namespace", ns, EXTEND + "=4h").ok();

        Map<String, String> annotations = annotations(ns);
        assertThat(annotations).doesNotContainKey(EXTEND)
                .containsEntry("ephemeral-ns.io/extended-by", PipelineIdentity.username())
                .containsEntry("ephemeral-ns.io/extended-for", "4h");
        Instant extendedAt = Instant.parse(annotations.get("ephemeral-ns.io/extended-at"));
        assertThat(Instant.parse(annotations.get("ephemeral-ns.io/expires-at"))).isEqualTo(extendedAt.plus(Duration.ofHours(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !extendedEvents(ns).isEmpty());
        assertThat(extendedEvents(ns)).singleElement().satisfies(event -> {
            assertThat(event.getSource().getComponent()).isEqualTo("ephemeral-ns-webhook");
            assertThat(event.getMessage()).contains("extended by " + PipelineIdentity.username() + " for 4h")
                    .contains("expires at " + annotations.get("ephemeral-ns.io/expires-at")).contains("branch extend");
        });
    }

    @Test
    void anExtensionBeyondMaxLifetimeEndsAtCreationPlusMaxLifetimeWithAWarningAndOneEventFromTwoReplicas() {
        int port = ProgramProcess.freePort();
        // a request may ask for up to 3h, the namespace may live 2h: 3h from now is always beyond its bound
        try (ProgramProcess bounded = env.startWebhook(Map.of("ephemeral-ns.max-lifetime", "2h", "ephemeral-ns.max-ttl", "3h"), port)) {
            env.installChart(bounded);
            String ns = pipelineNamespace("bounded", "1h");

            Shell.Result result = pipeline.run("annotate", "namespace", ns, EXTEND + "=3h");

            result.ok();
            assertThat(result.stderr()).contains("Warning:").contains("was shortened: max-lifetime 2h from its creation");
            Instant created = Instant.parse(admin.namespaces().withName(ns).get().getMetadata().getCreationTimestamp());
            assertThat(Instant.parse(annotations(ns).get("ephemeral-ns.io/expires-at"))).isEqualTo(created.plus(Duration.ofHours(2)));
            // both webhook processes see the change; the Event's name makes it one
            await().atMost(Duration.ofSeconds(30)).until(() -> !extendedEvents(ns).isEmpty());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> extendedEvents(ns).size() == 1);
        } finally {
            env.installChart(env.webhook);
        }
    }

    @Test
    void aMalformedRequestIsDeniedNamingWhatIsAccepted() {
        String ns = pipelineNamespace("malformed", "1h");
        String expiresAt = annotations(ns).get("ephemeral-ns.io/expires-at");

        Shell.Result result = pipeline.run("annotate", "namespace", ns, EXTEND + "=4hours");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("denied the request")
                .contains("annotation ephemeral-ns.io/extend=\"4hours\" is not a duration: use digits followed by s, m, h, d or w");
        assertThat(annotations(ns)).doesNotContainKeys(EXTEND, "ephemeral-ns.io/extended-at")
                .containsEntry("ephemeral-ns.io/expires-at", expiresAt);
    }

    @Test
    void aRequestOnANamespaceThatIsNotCiIsDeniedAndChangesNothing() {
        String ns = Names.ciNamespace("plain");
        pipeline.run("create", "namespace", ns).ok();

        Shell.Result result = pipeline.run("annotate", "namespace", ns, EXTEND + "=4h");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("is not a CI namespace admitted by ephemeral-ns");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aPipelineCannotForgeWhoExtendedNorTheExpiry() {
        String ns = pipelineNamespace("forge", "1h");
        String expiresAt = annotations(ns).get("ephemeral-ns.io/expires-at");

        Shell.Result result = pipeline.run("annotate", "namespace", ns, "ephemeral-ns.io/extended-by=someone-else",
                "ephemeral-ns.io/expires-at=2099-01-01T00:00:00Z", "--overwrite");

        result.ok();
        assertThat(result.stderr()).contains("Warning:").contains("ephemeral-ns reverted");
        assertThat(annotations(ns)).doesNotContainKey("ephemeral-ns.io/extended-by").containsEntry("ephemeral-ns.io/expires-at", expiresAt);
    }
}
