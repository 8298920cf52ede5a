package io.ephemeralns.e2enode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.GitHubDeliveries;
import io.ephemeralns.e2e.HelmRelease;
import io.ephemeralns.e2e.PipelineIdentity;
import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Extend, warn-before-deleting and pull-request teardown on the real node, as the chart wires them with the janitor
 * running as its two pods: the chart upgraded once with {@code janitor.teardown.enabled} (its GitHub secret in a
 * Secret of the release namespace made here, a short {@code grace}) and {@code janitor.warn.before}, its own
 * NetworkPolicies on as the suite installs them. The plugin's {@code extend}, run with the pipeline's kubeconfig,
 * restamps the expiry through the webhook; a GitHub {@code pull_request} "closed" delivery, signed here, goes from a
 * pod of an ordinary namespace through the Service {@code ephemeral-ns-janitor-hooks} to the janitor's hooks port and
 * tears down the pull request's namespace, and a forged one is refused there; a namespace with a short ttl is warned
 * of before it goes. Afterwards the namespaces, the pod and the Secret are removed and the chart upgraded back to the
 * suite's settings (also when a test fails).
 */
@Order(2)
class LifecycleNodeTest extends NodeTest {

    private static final String SECRET_NAME = "ephemeral-ns-teardown-e2e-node";
    private static final String GITHUB_SECRET = "e2e-node-" + UUID.randomUUID();
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration WARN_BEFORE = Duration.ofSeconds(30);
    /** The forge's repository {@code e2e-node-org/api}, as a pipeline writes it in the label {@code repository}. */
    private static final String REPOSITORY = "e2e-node-org/api";
    private static final String HOOKS = "http://ephemeral-ns-janitor-hooks." + HelmRelease.NAMESPACE + ".svc.cluster.local/hooks/github";
    /** A pod (busybox and curl) in an ordinary namespace, where the forge's deliveries come from. */
    private static final String FORGE = "lifecycle-forge";
    private static final String P = "ephemeral-ns.io/";

    private static final List<String> namespaces = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void theChartWithTeardownAndWarningsOn() {
        admin.secrets().inNamespace(HelmRelease.NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET_NAME)
                .endMetadata().withStringData(Map.of("github-secret", GITHUB_SECRET)).build()).create();
        env.installChart("--set", "janitor.teardown.enabled=true", "--set", "janitor.teardown.secretName=" + SECRET_NAME,
                "--set", "janitor.teardown.grace=" + GRACE.toSeconds() + "s",
                "--set", "janitor.warn.before=" + WARN_BEFORE.toSeconds() + "s").ok();
        env.workloads.client(NodeEnvironment.OPS, FORGE);
    }

    @AfterAll
    static void everythingRemovedAndTheSuitesChartAgain() {
        try {
            for (String ns : namespaces) {
                env.admin.run("delete", "namespace", ns, "--ignore-not-found", "--wait=false");
            }
            env.admin.run("delete", "pod", FORGE, "-n", NodeEnvironment.OPS, "--ignore-not-found", "--wait=false");
        } finally {
            try {
                env.installChart().ok(); // teardown and warnings off again, as the other classes expect
            } finally {
                admin.secrets().inNamespace(HelmRelease.NAMESPACE).withName(SECRET_NAME).delete();
            }
        }
    }

    @Test
    void thePluginsExtendWithThePipelinesKubeconfigMovesTheExpiryLaterAndTheWebhookRecordsWhoAndAnEvent() {
        String ns = seed("extend", "1h");
        Instant before = Instant.parse(annotations(ns).get(P + "expires-at"));

        Shell.Result extend = plugin(env.pipelineKubeconfig, "extend", ns, "2h");

        extend.ok();
        Map<String, String> annotations = annotations(ns);
        Instant extendedAt = Instant.parse(annotations.get(P + "extended-at"));
        Instant expiresAt = Instant.parse(annotations.get(P + "expires-at"));
        assertThat(expiresAt).isAfter(before).isEqualTo(extendedAt.plus(Duration.ofHours(2)));
        assertThat(annotations).doesNotContainKey(P + "extend").containsEntry(P + "extended-by", PipelineIdentity.username())
                .containsEntry(P + "extended-for", "2h");
        assertThat(extend.stdout()).contains(ns + " expires at " + annotations.get(P + "expires-at") + " (extended by "
                + PipelineIdentity.username());
        await("the Extended Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Extended").isEmpty());
        Event extended = events(ns, "Extended").get(0);
        assertThat(extended.getSource().getComponent()).isEqualTo("ephemeral-ns-webhook");
        assertThat(extended.getMessage()).contains("extended by " + PipelineIdentity.username() + " for 2h",
                "expires at " + annotations.get(P + "expires-at"));
    }

    @Test
    void aSignedClosedPullRequestDeliveredFromAPodThroughTheChartsServiceTearsDownItsNamespaceAfterTheGrace() throws Exception {
        int pr = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
        String ns = seedForPullRequest("teardown", pr);
        String body = GitHubDeliveries.pullRequestClosed(REPOSITORY, pr);
        String delivery = UUID.randomUUID().toString();
        Instant sent = Instant.now();

        // two janitor replicas behind the Service: the one that is not the leader answers 503 and forgets the id, and
        // the forge's "Redeliver" sends the same delivery again (README "Pull-request teardown")
        List<Answer> answers = new ArrayList<>();
        await("an answer from the leader through the Service").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Answer answer = deliver(body, delivery,
                            GitHubDeliveries.signature(body.getBytes(StandardCharsets.UTF_8), GITHUB_SECRET));
                    answers.add(answer);
                    return answer.status() != 503;
                });

        Answer answer = answers.get(answers.size() - 1);
        assertThat(answer.status()).as("answers: %s", answers).isEqualTo(202);
        assertThat(answer.body()).contains("torn down after 15s: " + ns);
        // marked before the answer: the annotation is there while the grace runs
        String teardownAt = annotations(ns).get(P + "teardown-at");
        assertThat(teardownAt).as("annotation %steardown-at of %s", P, ns).isNotNull();
        assertThat(Instant.parse(teardownAt)).isAfter(sent);
        await("namespace " + ns + " deleted by the janitor").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> terminatingOrGone(ns));
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Deleted").isEmpty());
        assertThat(events(ns, "Deleted").get(0).getMessage()).contains("namespace " + ns + " expired (reason teardown");
    }

    @Test
    void aForgedDeliveryThroughTheChartsServiceIsRefusedWith401AndMarksNothing() throws Exception {
        int pr = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
        String ns = seedForPullRequest("forged", pr);
        String body = GitHubDeliveries.pullRequestClosed(REPOSITORY, pr);

        Answer answer = deliver(body, UUID.randomUUID().toString(),
                GitHubDeliveries.signature(body.getBytes(StandardCharsets.UTF_8), "guessed-secret"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.body()).contains("missing or wrong X-Hub-Signature-256");
        Namespace after = admin.namespaces().withName(ns).get();
        assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(P + "teardown-at");
    }

    @Test
    void aNamespaceWithAShortTtlIsWarnedOfWithTheAnnotationAndAnExpiringSoonEventBeforeItIsDeleted() {
        // ttl > warn.before, so the warning falls in the namespace's life (a namespace already due is not warned)
        String ns = seed("warned", (WARN_BEFORE.toSeconds() + 15) + "s");
        Instant expiresAt = Instant.parse(annotations(ns).get(P + "expires-at"));

        await("annotation " + P + "deletion-planned-at on " + ns).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> annotations(ns).containsKey(P + "deletion-planned-at"));
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp()).as("warned before the deletion").isNull();
        assertThat(Instant.parse(annotations(ns).get(P + "deletion-planned-at"))).isEqualTo(expiresAt);
        await("the ExpiringSoon Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "ExpiringSoon").isEmpty());
        Event warning = events(ns, "ExpiringSoon").get(0);
        assertThat(warning.getType()).isEqualTo("Warning");
        assertThat(warning.getMessage()).contains(expiresAt.toString(), "kubectl label namespace " + ns + " keep=true",
                P + "extend=4h");
        await("namespace " + ns + " deleted by the janitor").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> terminatingOrGone(ns));
        await("the Deleted Event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !events(ns, "Deleted").isEmpty());
        assertThat(events(ns, "Deleted").get(0).getMessage()).contains("namespace " + ns + " expired (reason ttl");
    }

    /** A CI namespace made by the seed's commands, removed afterwards if the test did not see it go. */
    private static String seed(String branch, String ttl) {
        String ns = env.seedNamespace(branch, ttl);
        namespaces.add(ns);
        return ns;
    }

    /** A CI namespace labelled by the pipeline for teardown: the forge's repository and the pull request's number. */
    private static String seedForPullRequest(String branch, int pullRequest) {
        String ns = seed(branch, "1h");
        env.pipeline.run("label", "namespace", ns, "repository=" + REPOSITORY.replace('/', '.'), "pull-request=" + pullRequest).ok();
        return ns;
    }

    /** An HTTP answer; status 0 when none came (the connection failed: curl's exit status and message in the body). */
    private record Answer(int status, String body) {
    }

    /**
     * POSTs a GitHub {@code pull_request} delivery from the forge pod through the Service {@code ephemeral-ns-janitor-hooks}
     * (port 80, the janitor's hooks port behind it), again until an HTTP answer comes: a new pod's NetworkPolicies take
     * seconds to sync, and a connection that failed delivered nothing.
     */
    private static Answer deliver(String body, String delivery, String signature) {
        List<Answer> tries = new ArrayList<>();
        try {
            await("an HTTP answer from " + HOOKS).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> tries.add(post(body, delivery, signature)) && tries.get(tries.size() - 1).status() != 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no HTTP answer from " + HOOKS + " to the forge pod: " + tries, e);
        }
        return tries.get(tries.size() - 1);
    }

    /** One POST with curl in the forge pod. */
    private static Answer post(String body, String delivery, String signature) {
        Shell.Result curl = env.workloads.exec(NodeEnvironment.OPS, FORGE, "curl", "-sS", "-m", "10", "-X", "POST",
                "-H", "Content-Type: application/json", "-H", "X-GitHub-Event: pull_request", "-H", "X-GitHub-Delivery: " + delivery,
                "-H", "X-Hub-Signature-256: " + signature, "--data-binary", body, "-w", "\n%{http_code}", HOOKS);
        if (curl.exit() != 0) {
            return new Answer(0, "curl exit " + curl.exit() + ": " + curl.output());
        }
        String out = curl.stdout();
        int last = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(last + 1).strip()), out.substring(0, last));
    }
}
