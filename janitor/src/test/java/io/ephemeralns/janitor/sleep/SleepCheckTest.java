package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.act.ActionGate;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.NamespaceListing;
import io.ephemeralns.janitor.metrics.JanitorMetrics;
import io.ephemeralns.janitor.plan.ClockSkew;
import io.ephemeralns.janitor.plan.SweepPlanner;
import io.ephemeralns.janitor.plan.SweepPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shell of the sleep against recording stand-ins of the API: what it lists, in which order it writes, and what a
 * failure, dry-run or a lost leadership leaves behind. The decision itself is {@link SleepDecisionTest}'s.
 */
class SleepCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant CREATED = NOW.minus(Duration.ofHours(5));
    private static final Duration AFTER = Duration.ofHours(2);

    /** Namespaces by listing selector, and every request made, in order. */
    private final Map<String, List<NamespaceView>> bySelector = new HashMap<>();
    private final Map<String, List<Workload>> workloads = new HashMap<>();
    private final List<String> requests = new ArrayList<>();
    /** Writes refused, by the start of their request line. */
    private final List<Refusal> failing = new ArrayList<>();
    /** What a read after a conflict finds, by workload ref; absent: gone. */
    private final Map<String, Workload> current = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SleepMetrics metrics = new SleepMetrics(registry);
    private boolean leader = true;
    private final JanitorMetrics janitorMetrics = new JanitorMetrics(new SimpleMeterRegistry());
    private final ActionGate gate = new ActionGate(() -> leader, janitorMetrics);

    private final NamespaceLister lister = new NamespaceLister(null, null, 500) {
        @Override
        public Listed list(NamespaceListing listing, Consumer<NamespaceView> sink) {
            requests.add("list namespaces " + listing);
            bySelector.getOrDefault(listing.toString(), List.of()).forEach(sink);
            return new Listed(1, "1");
        }
    };

    private final WorkloadApi api = new WorkloadApi(null) {
        @Override
        public List<Workload> list(String namespace) {
            requests.add("list workloads " + namespace);
            return workloads.getOrDefault(namespace, List.of());
        }

        @Override
        public Optional<Workload> get(String namespace, Workload workload) {
            requests.add("get " + workload.ref());
            return Optional.ofNullable(current.get(workload.ref()));
        }

        @Override
        public void setReplicas(String namespace, Workload workload, int replicas, String saved) {
            write("set " + workload.ref() + " to " + replicas + " saved=" + saved + " if " + workload.resourceVersion());
        }

        @Override
        public void removeSaved(String namespace, Workload workload) {
            write("remove saved of " + workload.ref() + " if " + workload.resourceVersion());
        }

        @Override
        public void patchNamespace(String name, String uid, Map<String, String> labels, Map<String, String> annotations) {
            write("patch " + name + " " + uid + " labels " + new java.util.TreeMap<>(labels) + " annotations "
                    + new java.util.TreeMap<>(annotations));
        }
    };

    private final NamespaceEvents events = new NamespaceEvents(null) {
        @Override
        public boolean record(String namespace, String uid, String type, String reason, String message, Instant now) {
            requests.add("event " + reason + " " + namespace + ": " + message);
            return true;
        }
    };

    private void write(String request) {
        requests.add(request);
        failing.stream().filter(failure -> request.startsWith(failure.prefix())).findFirst().ifPresent(failure -> {
            throw new KubernetesClientException("refused", failure.code(), null);
        });
    }

    private SleepCheck check(boolean dryRun) {
        SweepPlanner planner = new SweepPlanner(CiSettings.defaults("ephemeral-ns"), new SweepPolicy(Duration.ofMinutes(15), 50));
        return new SleepCheck(new SleepCheck.Dependencies(lister, planner, api, events, metrics, gate,
                Clock.fixed(NOW, ZoneOffset.UTC)), new SleepCheck.Mode(dryRun, "keep", AFTER));
    }

    private record Refusal(String prefix, int code) {
    }

    private static NamespaceView namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> allLabels = new HashMap<>(Map.of("created-by", "ci-cd", "ttl", "1h", ProductKeys.MANAGED, "true"));
        allLabels.putAll(labels);
        Map<String, String> allAnnotations = new HashMap<>(Map.of(ProductKeys.ADMITTED_AT, "2026-11-30T07:00:00Z"));
        allAnnotations.putAll(annotations);
        return new NamespaceView(name, "uid-" + name, Optional.of(CREATED), Optional.empty(), allLabels, allAnnotations);
    }

    private static NamespaceView kept(String name, Map<String, String> annotations) {
        Map<String, String> withKeptAt = new HashMap<>(annotations);
        withKeptAt.put(ProductKeys.KEPT_AT, "2026-11-30T08:00:00Z");
        return namespace(name, Map.of("keep", "true"), withKeptAt);
    }

    private static Workload deployment(String name, int replicas, String saved) {
        return deployment(name, replicas, saved, "rv-" + name);
    }

    private static Workload deployment(String name, int replicas, String saved, String resourceVersion) {
        return new Workload(WorkloadKind.DEPLOYMENT, name, resourceVersion, replicas, Optional.of(CREATED), saved);
    }

    @BeforeEach
    void aTrustedClock() {
        gate.clock(ClockSkew.Verdict.TRUSTED);
    }

    private void listed(String selector, NamespaceView... namespaces) {
        bySelector.put(selector, List.of(namespaces));
    }

    @Test
    void aSleepWritesTheRecordOnTheNamespaceBeforeScalingAnyWorkloadThenRecordsTheEvent() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null), deployment("idle", 0, null)));

        check(false).check();

        assertThat(requests).containsExactly(
                "list namespaces keep=true",
                "list namespaces ephemeral-ns.io/wake=true",
                "list workloads ci-a",
                "patch ci-a uid-ci-a labels {} annotations {ephemeral-ns.io/sleep-replicas=deployment/web=3,"
                        + " ephemeral-ns.io/slept-at=2026-11-30T12:00:00Z}",
                "set deployment/web to 0 saved=3 if rv-web",
                "event Slept ci-a: put to sleep after 2h without change: scaled to zero deployment/web (3);"
                        + " wake it with kubectl label namespace ci-a ephemeral-ns.io/wake=true");
        assertThat(metrics.sleeping()).isEqualTo(1);
        assertThat(registry.get("ephemeral.ns.sleeps").counter().count()).isEqualTo(1);
    }

    @Test
    void aWriteRefusedForAControllersStatusWriteIsDecidedAgainOnAFreshReadAndWrittenAgain() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));
        failing.add(new Refusal("set deployment/web to 0 saved=3 if rv-web", 409));
        current.put("deployment/web", deployment("web", 3, null, "rv-2"));

        check(false).check();

        assertThat(requests.subList(4, requests.size() - 1)).containsExactly(
                "set deployment/web to 0 saved=3 if rv-web",
                "get deployment/web",
                "set deployment/web to 0 saved=3 if rv-2");
        assertThat(requests.get(requests.size() - 1)).startsWith("event Slept ci-a").contains("deployment/web (3)");
        assertThat(registry.get("ephemeral.ns.sleep.failures").counter().count()).isZero();
    }

    @Test
    void aWorkloadAPipelineChangedSinceTheDecisionKeepsRunningAndLeavesTheRecord() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null), deployment("api", 2, null)));
        failing.add(new Refusal("set deployment/web", 409));
        current.put("deployment/web", deployment("web", 4, null, "rv-web-scaled"));

        check(false).check();

        assertThat(requests).contains("set deployment/api to 0 saved=2 if rv-api",
                "patch ci-a uid-ci-a labels {} annotations {ephemeral-ns.io/sleep-replicas=deployment/api=2}");
        assertThat(requests.get(requests.size() - 1)).contains("scaled to zero deployment/api (2)",
                "left running: deployment/web now has 4 replicas, not 3");
        assertThat(metrics.sleeping()).isEqualTo(1);
    }

    @Test
    void aRecordThatCannotBeCorrectedStillLeavesTheSleptEventOfTheWorkloadsScaled() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null), deployment("api", 2, null)));
        failing.add(new Refusal("set deployment/web", 404));
        failing.add(new Refusal("patch ci-a uid-ci-a labels {} annotations {ephemeral-ns.io/sleep-replicas=deployment/api=2}",
                500));

        check(false).check();

        assertThat(requests.get(requests.size() - 1)).startsWith("event Slept ci-a").contains("deployment/api (2)");
        assertThat(registry.get("ephemeral.ns.sleep.failures").counter().count()).isEqualTo(1);
        assertThat(metrics.sleeping()).isEqualTo(1);
    }

    @Test
    void aNamespaceWhoseEveryWorkloadChangedSinceTheDecisionLosesItsSleepAnnotationsAndHasNoEvent() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));
        failing.add(new Refusal("set deployment/web", 409));
        current.put("deployment/web", new Workload(WorkloadKind.DEPLOYMENT, "web", "rv-web-2", 3,
                Optional.of(NOW.minusSeconds(1)), null));

        check(false).check();

        assertThat(requests.get(requests.size() - 1)).isEqualTo(
                "patch ci-a uid-ci-a labels {} annotations {ephemeral-ns.io/sleep-replicas=null, ephemeral-ns.io/slept-at=null}");
        assertThat(requests).noneMatch(request -> request.startsWith("event"));
        assertThat(metrics.sleeping()).isZero();
    }

    @Test
    void aWorkloadGoneSinceTheDecisionIsLeftOutOfTheRecord() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null), deployment("api", 2, null)));
        failing.add(new Refusal("set deployment/web", 404));

        check(false).check();

        assertThat(requests).contains(
                "patch ci-a uid-ci-a labels {} annotations {ephemeral-ns.io/sleep-replicas=deployment/api=2}");
        assertThat(requests.get(requests.size() - 1)).contains("left running: deployment/web is gone");
    }

    @Test
    void aWorkloadRefusedOnEveryAttemptIsWrittenAtMostMaxAttemptsTimesAndCountedAsAFailure() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));
        failing.add(new Refusal("set deployment/web", 409));
        current.put("deployment/web", deployment("web", 3, null));

        check(false).check();

        assertThat(requests).filteredOn(request -> request.startsWith("set deployment/web"))
                .hasSize(SleepCheck.MAX_ATTEMPTS);
        assertThat(registry.get("ephemeral.ns.sleep.failures").counter().count()).isEqualTo(1);
        assertThat(metrics.sleeping()).isZero();
    }

    @Test
    void aWriteRefusedForAnotherReasonThanAConflictIsNotTriedAgain() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));
        failing.add(new Refusal("set deployment/web", 403));

        check(false).check();

        assertThat(requests).filteredOn(request -> request.startsWith("set deployment/web")).hasSize(1);
        assertThat(requests).doesNotContain("get deployment/web");
        assertThat(registry.get("ephemeral.ns.sleep.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void aDryRunListsAndDecidesButWritesNothing() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));

        check(true).check();

        assertThat(requests).containsExactly("list namespaces keep=true", "list namespaces ephemeral-ns.io/wake=true",
                "list workloads ci-a");
    }

    @Test
    void aReplicaThatIsNotTheLeaderListsNothing() {
        leader = false;
        listed("keep=true", kept("ci-a", Map.of()));

        check(false).check();

        assertThat(requests).isEmpty();
    }

    @Test
    void onlyKeptCiNamespacesThatAreAwakeHaveTheirWorkloadsListed() {
        NamespaceView asleep = kept("ci-asleep", Map.of(ProductKeys.SLEPT_AT, "2026-11-30T10:00:00Z",
                ProductKeys.SLEEP_REPLICAS, "deployment/web=3"));
        NamespaceView notAdmitted = new NamespaceView("not-ci", "uid-x", Optional.of(CREATED), Optional.empty(),
                Map.of("keep", "true"), Map.of());
        NamespaceView keepFalse = namespace("ci-active", Map.of("keep", "false"), Map.of());
        listed("keep=true", asleep, notAdmitted, keepFalse);

        check(false).check();

        assertThat(requests).noneMatch(request -> request.startsWith("list workloads"));
        assertThat(metrics.sleeping()).isEqualTo(1);
    }

    @Test
    void noNamespaceIsPutToSleepWhileTheClockIsNotTrustedAndTheRefusalIsCounted() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null)));
        gate.clock(ClockSkew.Verdict.BEYOND_BOUND);

        check(false).check();

        assertThat(requests).containsExactly("list namespaces keep=true", "list namespaces ephemeral-ns.io/wake=true",
                "list workloads ci-a");
        assertThat(janitorMetrics.refusedCount(io.ephemeralns.janitor.plan.Refusal.CLOCK_SKEW)).isEqualTo(1);
        assertThat(metrics.sleeping()).isZero();
    }

    @Test
    void aWakeGoesAheadWhileTheClockIsNotTrustedBecauseAPersonAskedForIt() {
        listed("ephemeral-ns.io/wake=true", askedToWake("deployment/web=3"));
        workloads.put("ci-a", List.of(deployment("web", 0, "3")));
        gate.clock(ClockSkew.Verdict.UNKNOWN);

        check(false).check();

        assertThat(requests).contains("set deployment/web to 3 saved=null if rv-web");
        assertThat(requests.get(requests.size() - 1)).startsWith("event Woken ci-a");
    }

    @Test
    void aWakeRestoresEachWorkloadBeforeItRemovesTheRecordAndTheLabel() {
        listed("ephemeral-ns.io/wake=true", askedToWake("deployment/web=3"));
        workloads.put("ci-a", List.of(deployment("web", 0, "3"), deployment("miner", 0, "50")));

        check(false).check();

        assertThat(requests.subList(2, requests.size())).containsExactly(
                "list workloads ci-a",
                "set deployment/web to 3 saved=null if rv-web",
                "remove saved of deployment/miner if rv-miner",
                "patch ci-a uid-ci-a labels {ephemeral-ns.io/wake=null} annotations {ephemeral-ns.io/sleep-replicas=null,"
                        + " ephemeral-ns.io/slept-at=null, ephemeral-ns.io/woken-at=2026-11-30T12:00:00Z}",
                "event Woken ci-a: woken by the label ephemeral-ns.io/wake=true: restored deployment/web (3); ignored"
                        + " deployment/miner's annotation ephemeral-ns.io/sleep-replicas=\"50\": the janitor saved no count"
                        + " for it; it sleeps again after 2h without change");
        assertThat(requests).noneMatch(request -> request.startsWith("set deployment/miner"));
        assertThat(metrics.sleeping()).isZero();
    }

    @Test
    void aFailedRestoreLeavesTheLabelAndTheRecordForTheNextCheck() {
        listed("ephemeral-ns.io/wake=true", askedToWake("deployment/web=3"));
        workloads.put("ci-a", List.of(deployment("web", 0, "3")));
        failing.add(new Refusal("set deployment/web", 403));

        check(false).check();

        assertThat(requests).noneMatch(request -> request.startsWith("patch ci-a") || request.startsWith("event"));
        assertThat(metrics.sleeping()).isEqualTo(1);
    }

    @Test
    void aRestoreRefusedForAConflictIsWrittenAgainWhileTheWorkloadStillHasZeroReplicas() {
        aWakeWhoseFirstRestoreIsRefusedAndThenReads(deployment("web", 0, "3", "rv-2"));

        check(false).check();

        assertThat(requests).contains("set deployment/web to 3 saved=null if rv-2");
        assertThat(requests.get(requests.size() - 1)).contains("restored deployment/web (3)");
    }

    @Test
    void aRestoreRefusedBecauseSomeoneScaledTheWorkloadUpLeavesTheirCountAndSaysSo() {
        aWakeWhoseFirstRestoreIsRefusedAndThenReads(deployment("web", 1, "3", "rv-2"));

        check(false).check();

        assertThat(requests.get(requests.size() - 1)).contains("restored nothing",
                "deployment/web already has 1 replicas: left as it is");
        assertThat(metrics.sleeping()).isZero();
    }

    /** ci-a asks to wake deployment/web (saved 3, listed at 0); its first restore gets a 409, a read then finds this. */
    private void aWakeWhoseFirstRestoreIsRefusedAndThenReads(Workload readAgain) {
        listed("ephemeral-ns.io/wake=true", askedToWake("deployment/web=3"));
        workloads.put("ci-a", List.of(deployment("web", 0, "3")));
        failing.add(new Refusal("set deployment/web to 3 saved=null if rv-web", 409));
        current.put("deployment/web", readAgain);
    }

    private static NamespaceView askedToWake(String record) {
        NamespaceView asleep = kept("ci-a", Map.of(ProductKeys.SLEPT_AT, "2026-11-30T10:00:00Z",
                ProductKeys.SLEEP_REPLICAS, record));
        return new NamespaceView(asleep.name(), asleep.uid(), asleep.created(), Optional.empty(),
                withEntry(asleep.labels(), ProductKeys.WAKE, "true"), asleep.annotations());
    }

    @Test
    void theWakeLabelOnANamespaceThatDoesNotSleepIsRemoved() {
        listed("ephemeral-ns.io/wake=true", namespace("ci-a", Map.of(ProductKeys.WAKE, "true"), Map.of()));

        check(false).check();

        assertThat(requests).contains("patch ci-a uid-ci-a labels {ephemeral-ns.io/wake=null} annotations {}");
    }

    private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
