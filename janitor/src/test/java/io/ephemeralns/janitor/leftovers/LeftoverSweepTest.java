package io.ephemeralns.janitor.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.act.TokenBucket;
import io.ephemeralns.janitor.kube.ApiDiscovery;
import io.ephemeralns.janitor.kube.ClusterObjects;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.stuck.GroupResource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leftovers' shell against the fabric8 mock server, scripted request by request: discovery, the label-selected
 * listing, the owner's absence, the re-read and the delete with its preconditions.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class LeftoverSweepTest extends MockServerTest {

    static final String ROLES = "clusterroles.rbac.authorization.k8s.io";
    static final String LIST = "/apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=ephemeral-ns.io%2Fowner-namespace&limit=500";
    static final String ROLE = "/apis/rbac.authorization.k8s.io/v1/clusterroles/test-reader";
    static final Instant NAMESPACE_CREATED = Instant.parse("2026-11-30T09:00:00Z");
    static final Instant GONE = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Inject
    JanitorMetrics janitorMetrics;

    private final OwnerMemory memory = new OwnerMemory();
    private LeftoverMetrics metrics;

    @BeforeEach
    void aNamespaceTheJanitorSawLiveAndThenGo() throws InterruptedException {
        memory.observe(Map.of("ci-1", new OwnerMemory.Owner("uid-ci-1", NAMESPACE_CREATED, null)), NAMESPACE_CREATED);
        memory.observe(Map.of(), GONE);
        metrics = new LeftoverMetrics(new SimpleMeterRegistry(), List.of(ROLES));
        server.expect().get().withPath("/apis/rbac.authorization.k8s.io").andReturn(200, """
                {"kind":"APIGroup","apiVersion":"v1","name":"rbac.authorization.k8s.io",
                 "versions":[{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}],
                 "preferredVersion":{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}}
                """).always();
        server.expect().get().withPath("/apis/rbac.authorization.k8s.io/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"rbac.authorization.k8s.io/v1","resources":[
                 {"name":"clusterroles","namespaced":false,"kind":"ClusterRole","verbs":["create","delete","get","list"]}]}
                """).always();
        server.expect().get().withPath(LIST).andReturn(200, list(role("7", "2026-11-30T09:30:00Z"))).always();
        server.expect().get().withPath("/api/v1/namespaces/ci-1").andReturn(404, "{}").always();
        drain();
    }

    static String role(String resourceVersion, String created) {
        return """
                {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"test-reader",
                 "uid":"uid-role","resourceVersion":"%s","creationTimestamp":"%s",
                 "labels":{"ephemeral-ns.io/owner-namespace":"ci-1"}}}""".formatted(resourceVersion, created);
    }

    static String list(String... items) {
        return "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{},\"items\":["
                + String.join(",", items) + "]}";
    }

    private LeftoverSweep sweep(boolean dryRun, boolean leader) {
        LeftoverPlanner planner = new LeftoverPlanner(List.of(ROLES), new Protection(List.of()), Duration.ofHours(1), 20);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new LeftoverSweep(new LeftoverSweep.Parts(new ClusterObjects(client, 500), new ApiDiscovery(client),
                List.of(new GroupResource("rbac.authorization.k8s.io", "clusterroles")), planner, memory,
                new ActionGate(() -> leader, janitorMetrics), TokenBucket.perSecond(1000), dryRun, metrics, clock,
                Duration.ofMinutes(10)), new OwnerObservation(memory, (sink, restart) -> 0, () -> true, namespace -> true,
                clock), false);
    }

    private List<RecordedRequest> deletes() throws InterruptedException {
        return drain().stream().filter(request -> request.getMethod().equals("DELETE")).toList();
    }

    @Test
    void aDueLeftoverIsReadAgainAndDeletedWithItsUidAndResourceVersionAsPreconditions() throws Exception {
        server.expect().get().withPath(ROLE).andReturn(200, role("8", "2026-11-30T09:30:00Z")).once();
        server.expect().delete().withPath(ROLE).andReturn(200, "{}").once();

        LeftoverSweep.Result result = sweep(false, true).sweep();

        assertThat(result.deleted()).isEqualTo(1);
        List<RecordedRequest> deletes = deletes();
        assertThat(deletes).singleElement().extracting(request -> request.getBody().readUtf8()).asString()
                .containsPattern(Pattern.compile("\"preconditions\":\\{[^}]*\"resourceVersion\":\"8\"[^}]*}"))
                .contains("\"uid\":\"uid-role\"");
        assertThat(metrics.deletions(ROLES)).isEqualTo(1);
        assertThat(metrics.objects(ROLES, LeftoverState.DUE)).isEqualTo(1);
    }

    @Test
    void dryRunDeletesNothing() throws Exception {
        LeftoverSweep.Result result = sweep(true, true).sweep();

        assertThat(result.leftovers()).singleElement().extracting(LeftoverPlan.Leftover::state)
                .isEqualTo(LeftoverState.DUE);
        assertThat(deletes()).isEmpty();
        assertThat(metrics.deletions(ROLES)).isZero();
    }

    @Test
    void aLeftoverThatNoLongerQualifiesWhenReadAgainIsNotDeleted() throws Exception {
        // relabelled since the listing onto an older object's name is impossible; what can happen: it was re-created
        server.expect().get().withPath(ROLE).andReturn(200, role("9", "2026-11-30T08:00:00Z").replace("uid-role", "uid-new"))
                .once();

        LeftoverSweep.Result result = sweep(false, true).sweep();

        assertThat(result.deleted()).isZero();
        assertThat(deletes()).isEmpty();
    }

    @Test
    void aReplicaThatIsNotTheLeaderDeletesNothing() throws Exception {
        LeftoverSweep.Result result = sweep(false, false).sweep();

        assertThat(result.deleted()).isZero();
        assertThat(deletes()).isEmpty();
    }

    @Test
    void aListingWithinTheIntervalOfTheLastIsSkipped() throws Exception {
        server.expect().get().withPath(ROLE).andReturn(200, role("8", "2026-11-30T09:30:00Z")).once();
        server.expect().delete().withPath(ROLE).andReturn(200, "{}").once();
        LeftoverSweep sweep = sweep(false, true);

        assertThat(sweep.sweepIfDue()).isPresent();
        assertThat(sweep.sweepIfDue()).isEmpty();
    }
}
