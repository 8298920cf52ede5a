package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.sleep.SleepPlan.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SleepDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration AFTER = Duration.ofHours(2);

    private static Workload deployment(String name, int replicas, Duration changedAgo) {
        return new Workload(WorkloadKind.DEPLOYMENT, name, "7", replicas,
                changedAgo == null ? Optional.empty() : Optional.of(NOW.minus(changedAgo)), null);
    }

    private static Workload statefulSet(String name, int replicas, Duration changedAgo) {
        return new Workload(WorkloadKind.STATEFULSET, name, "8", replicas, Optional.of(NOW.minus(changedAgo)), null);
    }

    private static NamespaceView namespace(Map<String, String> labels, Map<String, String> annotations) {
        return new NamespaceView("ci-1", "uid-1", Optional.of(NOW.minus(Duration.ofDays(1))), Optional.empty(), labels,
                annotations);
    }

    private static final Map<String, String> SLEEPING = Map.of("ephemeral-ns.io/slept-at", "2026-11-30T09:00:00Z",
            "ephemeral-ns.io/sleep-replicas", "deployment/web=3,statefulset/db=1");
    private static final Map<String, String> WAKE = Map.of("ephemeral-ns.io/wake", "true");

    static Stream<Arguments> awakeNamespaces() {
        Duration old = Duration.ofHours(3);
        Duration recent = Duration.ofMinutes(30);
        return Stream.of(
                Arguments.of("a kept namespace unchanged for longer than after sleeps", true,
                        List.of(deployment("web", 3, old), statefulSet("db", 1, old)), Map.of(), Action.SLEEP, "no change for 2h"),
                Arguments.of("exactly after since the change sleeps", true,
                        List.of(deployment("web", 3, AFTER)), Map.of(), Action.SLEEP, "deployment/web changed"),
                Arguments.of("one recent change keeps it awake", true,
                        List.of(deployment("web", 3, old), statefulSet("db", 1, recent)), Map.of(), Action.NOTHING,
                        "statefulset/db changed at 2026-11-30T11:30:00Z: sleeps at 2026-11-30T13:30:00Z"),
                Arguments.of("a change to a workload already at zero counts too", true,
                        List.of(deployment("web", 3, old), deployment("idle", 0, recent)), Map.of(), Action.NOTHING,
                        "deployment/idle changed"),
                Arguments.of("a namespace that is not kept never sleeps", false,
                        List.of(deployment("web", 3, old)), Map.of(), Action.NOTHING, "not kept"),
                Arguments.of("nothing to scale down", true,
                        List.of(deployment("web", 0, old)), Map.of(), Action.NOTHING, "no Deployment or StatefulSet has replicas"),
                Arguments.of("no workload at all", true, List.of(), Map.of(), Action.NOTHING, "no Deployment"),
                Arguments.of("an unknown change time keeps it awake", true,
                        List.of(deployment("web", 3, old), deployment("bare", 1, null)), Map.of(), Action.NOTHING,
                        "deployment/bare has no change time"),
                Arguments.of("woken recently: not again before after", true,
                        List.of(deployment("web", 3, old)), Map.of("ephemeral-ns.io/woken-at", "2026-11-30T11:00:00Z"),
                        Action.NOTHING, "woken at 2026-11-30T11:00:00Z: sleeps at 2026-11-30T13:00:00Z"),
                Arguments.of("woken long ago: sleeps again", true,
                        List.of(deployment("web", 3, old)), Map.of("ephemeral-ns.io/woken-at", "2026-11-30T08:00:00Z"),
                        Action.SLEEP, "no change for 2h"),
                Arguments.of("a malformed woken-at is no change", true,
                        List.of(deployment("web", 3, old)), Map.of("ephemeral-ns.io/woken-at", "yesterday"),
                        Action.SLEEP, "no change for 2h"),
                Arguments.of("a sleeping namespace stays asleep", true,
                        List.of(deployment("web", 0, old)), SLEEPING, Action.NOTHING, "sleeps since 2026-11-30T09:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awakeNamespaces")
    void decidesWhetherAKeptNamespaceSleeps(String description, boolean kept, List<Workload> workloads,
            Map<String, String> annotations, Action action, String reason) {
        SleepPlan plan = SleepDecision.decide(namespace(Map.of("keep", "true"), annotations), kept, workloads, AFTER, NOW);

        assertThat(plan.action()).isEqualTo(action);
        assertThat(plan.reason()).contains(reason);
    }

    @Test
    void aSleepScalesOnlyTheWorkloadsWithReplicasAndTheRecordSavesTheirCounts() {
        SleepPlan plan = SleepDecision.decide(namespace(Map.of(), Map.of()), true, List.of(deployment("web", 3,
                Duration.ofHours(3)), deployment("idle", 0, Duration.ofHours(3)), statefulSet("db", 1, Duration.ofHours(4))),
                AFTER, NOW);

        assertThat(plan.sleep()).extracting(Workload::ref).containsExactly("deployment/web", "statefulset/db");
        assertThat(SleepRecord.of(plan.sleep()).format()).isEqualTo("deployment/web=3,statefulset/db=1");
    }

    @Test
    void moreWorkloadsThanARecordHoldsKeepsTheNamespaceAwake() {
        List<Workload> many = new ArrayList<>();
        for (int i = 0; i <= SleepDecision.MAX_WORKLOADS; i++) {
            many.add(deployment("web-" + i, 1, Duration.ofHours(3)));
        }
        SleepPlan plan = SleepDecision.decide(namespace(Map.of(), Map.of()), true, many, AFTER, NOW);

        assertThat(plan.action()).isEqualTo(Action.NOTHING);
        assertThat(plan.reason()).contains("more than 100");
    }

    @Test
    void aWakeRestoresTheRecordsCountsToTheWorkloadsAtZero() {
        SleepPlan plan = SleepDecision.decide(namespace(WAKE, SLEEPING), true,
                List.of(deployment("web", 0, Duration.ofHours(3)), statefulSet("db", 0, Duration.ofHours(3))), AFTER, NOW);

        assertThat(plan.action()).isEqualTo(Action.WAKE);
        assertThat(plan.restores()).extracting(restore -> restore.workload().ref() + "=" + restore.replicas())
                .containsExactly("deployment/web=3", "statefulset/db=1");
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void aWakeOfANamespaceThatIsNoLongerKeptStillRestores() {
        SleepPlan plan = SleepDecision.decide(namespace(WAKE, SLEEPING), false,
                List.of(deployment("web", 0, Duration.ofHours(3))), AFTER, NOW);

        assertThat(plan.action()).isEqualTo(Action.WAKE);
        assertThat(plan.restores()).hasSize(1);
        assertThat(plan.notes()).containsExactly("statefulset/db is gone");
    }

    @Test
    void aWakeNeverTakesACountFromTheWorkloadsOwnAnnotation() {
        Workload forged = new Workload(WorkloadKind.DEPLOYMENT, "web", "9", 0, Optional.of(NOW), "1000");
        Workload stranger = new Workload(WorkloadKind.DEPLOYMENT, "miner", "9", 0, Optional.of(NOW), "500");

        SleepPlan plan = SleepDecision.decide(namespace(WAKE, SLEEPING), true, List.of(forged, stranger), AFTER, NOW);

        assertThat(plan.restores()).extracting(restore -> restore.workload().ref() + "=" + restore.replicas())
                .containsExactly("deployment/web=3");
        assertThat(plan.reason())
                .contains("ignored deployment/web's annotation ephemeral-ns.io/sleep-replicas=\"1000\": the janitor saved 3")
                .contains("ignored deployment/miner's annotation ephemeral-ns.io/sleep-replicas=\"500\": the janitor saved no count");
    }

    @Test
    void aWakeLeavesAWorkloadScaledUpSinceAsItIs() {
        SleepPlan plan = SleepDecision.decide(namespace(WAKE, SLEEPING), true,
                List.of(deployment("web", 2, Duration.ofMinutes(1)), statefulSet("db", 0, Duration.ofHours(3))), AFTER, NOW);

        assertThat(plan.restores()).extracting(restore -> restore.workload().ref()).containsExactly("statefulset/db");
        assertThat(plan.reason()).contains("deployment/web already has 2 replicas: left as it is");
    }

    @Test
    void aWakeSkipsMalformedEntriesOfTheRecordAndSaysSo() {
        Map<String, String> annotations = new HashMap<>(SLEEPING);
        annotations.put("ephemeral-ns.io/sleep-replicas", "deployment/web=3,deployment/Bad=x");

        SleepPlan plan = SleepDecision.decide(namespace(WAKE, annotations), true,
                List.of(deployment("web", 0, Duration.ofHours(3))), AFTER, NOW);

        assertThat(plan.restores()).hasSize(1);
        assertThat(plan.reason()).contains("entry \"deployment/Bad=x\" is not kind/name=count");
    }

    @Test
    void theWakeLabelOnANamespaceThatDoesNotSleepIsRemoved() {
        SleepPlan plan = SleepDecision.decide(namespace(WAKE, Map.of()), true,
                List.of(deployment("web", 3, Duration.ofHours(3))), AFTER, NOW);

        assertThat(plan.action()).isEqualTo(Action.CLEAR_WAKE);
        assertThat(plan.reason()).contains("does not sleep");
    }

    @Test
    void aWakeLabelOtherThanTrueIsNoWake() {
        Map<String, String> labels = Map.of("ephemeral-ns.io/wake", "yes");

        assertThat(SleepDecision.decide(namespace(labels, SLEEPING), true, List.of(), AFTER, NOW).action())
                .isEqualTo(Action.NOTHING);
    }

    static Stream<Arguments> workloadsReadAgainAfterAConflict() {
        Duration old = Duration.ofHours(3);
        return Stream.of(
                Arguments.of("only a status write came between: same count, same change time", deployment("web", 3, old),
                        Optional.empty()),
                Arguments.of("scaled by a person", deployment("web", 4, old),
                        Optional.of("deployment/web now has 4 replicas, not 3")),
                Arguments.of("changed by a pipeline since", deployment("web", 3, Duration.ofSeconds(5)),
                        Optional.of("deployment/web changed at 2026-11-30T11:59:55Z")),
                Arguments.of("its change time is lost", deployment("web", 3, null),
                        Optional.of("deployment/web changed at an unknown time")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloadsReadAgainAfterAConflict")
    void aWorkloadReadAgainAfterAConflictStillSleepsOnlyWhenAPersonDidNotChangeIt(String description, Workload current,
            Optional<String> against) {
        Workload decided = deployment("web", 3, Duration.ofHours(3));

        assertThat(SleepDecision.changedSinceDecided(decided, current)).isEqualTo(against);
    }

    @Test
    void aSleepingWorkloadReadAgainGetsItsCountBackOnlyWhileItHasZeroReplicas() {
        assertThat(SleepDecision.scaledSinceSlept(deployment("web", 0, AFTER))).isEmpty();
        assertThat(SleepDecision.scaledSinceSlept(deployment("web", 2, AFTER)))
                .contains("deployment/web already has 2 replicas: left as it is");
    }
}
