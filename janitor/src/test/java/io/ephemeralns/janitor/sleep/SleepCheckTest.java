package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.janitor.kube.NamespaceEvents;
import io.ephemeralns.janitor.kube.NamespaceLister;
import io.ephemeralns.janitor.kube.NamespaceListing;
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
    private final List<String> failing = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SleepMetrics metrics = new SleepMetrics(registry);
    private boolean leader = true;

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
        public String annotate(String namespace, Workload workload, String resourceVersion, String key, String value) {
            return write("annotate " + workload.ref() + " " + key + "=" + value + " if " + resourceVersion);
        }

        @Override
        public String scale(String namespace, Workload workload, String resourceVersion, int replicas) {
            return write("scale " + workload.ref() + " to " + replicas + " if " + resourceVersion);
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

    private String write(String request) {
        requests.add(request);
        if (failing.stream().anyMatch(request::startsWith)) {
            throw new KubernetesClientException("Conflict", 409, null);
        }
        return "v" + requests.size();
    }

    private SleepCheck check(boolean dryRun) {
        SweepPlanner planner = new SweepPlanner(CiSettings.defaults("ephemeral-ns"), new SweepPolicy(Duration.ofMinutes(15), 50));
        return new SleepCheck(new SleepCheck.Dependencies(lister, planner, api, events, metrics,
                Clock.fixed(NOW, ZoneOffset.UTC)), new SleepCheck.Mode(() -> leader, dryRun, "keep", AFTER));
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
        return new Workload(WorkloadKind.DEPLOYMENT, name, "rv-" + name, replicas, Optional.of(CREATED), saved);
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
                "annotate deployment/web ephemeral-ns.io/sleep-replicas=3 if rv-web",
                "scale deployment/web to 0 if v5",
                "event Slept ci-a: put to sleep after 2h without change: scaled to zero deployment/web (3);"
                        + " wake it with kubectl label namespace ci-a ephemeral-ns.io/wake=true");
        assertThat(metrics.sleeping()).isEqualTo(1);
        assertThat(registry.get("ephemeral.ns.sleeps").counter().count()).isEqualTo(1);
    }

    @Test
    void aWorkloadChangedSinceTheDecisionKeepsRunningAndTheEventSaysSo() {
        listed("keep=true", kept("ci-a", Map.of()));
        workloads.put("ci-a", List.of(deployment("web", 3, null), deployment("api", 2, null)));
        failing.add("annotate deployment/web");

        check(false).check();

        assertThat(requests).doesNotContain("scale deployment/web to 0 if v5").contains("scale deployment/api to 0 if v6");
        assertThat(requests.get(requests.size() - 1)).contains("scaled to zero deployment/api (2)",
                "left running (changed or gone since): deployment/web");
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
    void aWakeRestoresEachWorkloadBeforeItRemovesTheRecordAndTheLabel() {
        NamespaceView asleep = kept("ci-a", Map.of(ProductKeys.SLEPT_AT, "2026-11-30T10:00:00Z",
                ProductKeys.SLEEP_REPLICAS, "deployment/web=3"));
        NamespaceView asked = new NamespaceView(asleep.name(), asleep.uid(), asleep.created(), Optional.empty(),
                withEntry(asleep.labels(), ProductKeys.WAKE, "true"), asleep.annotations());
        listed("ephemeral-ns.io/wake=true", asked);
        workloads.put("ci-a", List.of(deployment("web", 0, "3"), deployment("miner", 0, "50")));

        check(false).check();

        assertThat(requests.subList(2, requests.size())).containsExactly(
                "list workloads ci-a",
                "scale deployment/web to 3 if rv-web",
                "annotate deployment/web ephemeral-ns.io/sleep-replicas=null if v4",
                "annotate deployment/miner ephemeral-ns.io/sleep-replicas=null if rv-miner",
                "patch ci-a uid-ci-a labels {ephemeral-ns.io/wake=null} annotations {ephemeral-ns.io/sleep-replicas=null,"
                        + " ephemeral-ns.io/slept-at=null, ephemeral-ns.io/woken-at=2026-11-30T12:00:00Z}",
                "event Woken ci-a: woken by the label ephemeral-ns.io/wake=true: restored deployment/web (3); ignored"
                        + " deployment/miner's annotation ephemeral-ns.io/sleep-replicas=\"50\": the janitor saved no count"
                        + " for it; it sleeps again after 2h without change");
        assertThat(requests).noneMatch(request -> request.startsWith("scale deployment/miner"));
        assertThat(metrics.sleeping()).isZero();
    }

    @Test
    void aFailedRestoreLeavesTheLabelAndTheRecordForTheNextCheck() {
        NamespaceView asleep = kept("ci-a", Map.of(ProductKeys.SLEPT_AT, "2026-11-30T10:00:00Z",
                ProductKeys.SLEEP_REPLICAS, "deployment/web=3"));
        listed("ephemeral-ns.io/wake=true", new NamespaceView(asleep.name(), asleep.uid(), asleep.created(),
                Optional.empty(), withEntry(asleep.labels(), ProductKeys.WAKE, "true"), asleep.annotations()));
        workloads.put("ci-a", List.of(deployment("web", 0, "3")));
        failing.add("scale deployment/web");

        check(false).check();

        assertThat(requests).noneMatch(request -> request.startsWith("patch ci-a") || request.startsWith("event"));
        assertThat(metrics.sleeping()).isEqualTo(1);
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
