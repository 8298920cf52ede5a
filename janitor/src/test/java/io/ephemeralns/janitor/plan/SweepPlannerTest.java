package io.ephemeralns.janitor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.Admission;
import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceState;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofHours(2));
    private static final CiSettings SETTINGS = CiSettings.defaults("ephemeral-ns");
    private static final SweepPlanner PLANNER = new SweepPlanner(SETTINGS, new SweepPolicy(Duration.ofMinutes(15), 50));

    @Test
    void deletesOnlyExpiredCiNamespaces() {
        SweepPlan plan = PLANNER.plan(List.of(
                ns("expired", "created-by", "ci-cd", "ttl", "1h"),
                ns("active", "created-by", "ci-cd", "ttl", "3h"),
                ns("kept", "created-by", "ci-cd", "ttl", "1h", "keep", "true"),
                ns("no-ttl-young", "created-by", "ci-cd"),
                ns("human", "created-by", "human", "ttl", "1h"),
                ns("unlabelled"),
                ns("kube-system", "created-by", "ci-cd", "ttl", "1h"),
                ns("ephemeral-ns", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).extracting(Deletion::name).containsExactly("expired");
        assertThat(plan.deletions().get(0).reason()).isEqualTo("ttl");
    }

    @Test
    void theReportSaysWhenANamespaceWasPutToSleep() {
        NamespaceView kept = ns("kept", "created-by", "ci-cd", "ttl", "1h", "keep", "true");
        NamespaceView asleep = new NamespaceView("asleep", "uid-asleep", kept.created(), Optional.empty(), kept.labels(),
                Map.of(ProductKeys.SLEPT_AT, "2026-11-26T11:00:00Z"));

        SweepPlan plan = PLANNER.plan(List.of(kept, asleep), NOW);

        assertThat(plan.report()).extracting(entry -> entry.name() + "=" + entry.sleptAt())
                .containsExactlyInAnyOrder("kept=null", "asleep=2026-11-26T11:00:00Z");
    }

    @Test
    void deletesAManagedNamespaceWhosePipelineLabelsWereRemoved() {
        SweepPlan plan = PLANNER.plan(List.of(ns("relabelled", ProductKeys.MANAGED, "true", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).extracting(Deletion::name).containsExactly("relabelled");
    }

    @Test
    void neverPlansANamespaceWithoutUid() {
        NamespaceView noUid = new NamespaceView("no-uid", null, Optional.of(T0), Optional.empty(),
                Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true", "ttl", "1h"), Map.of());
        assertThat(PLANNER.plan(List.of(noUid), NOW).deletions()).isEmpty();
    }

    @Test
    void neverPlansANamespaceThatIsAlreadyTerminating() {
        NamespaceView terminating = new NamespaceView("going", "u", Optional.of(T0), Optional.of(NOW.minusSeconds(5)),
                Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true", "ttl", "1h"), Map.of());
        SweepPlan plan = PLANNER.plan(List.of(terminating), NOW);
        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.census().count(NamespaceState.TERMINATING)).isEqualTo(1);
    }

    @Test
    void capsDeletionsPerSweepTakingTheEarliestExpiryFirst() {
        SweepPlanner capped = new SweepPlanner(SETTINGS, new SweepPolicy(Duration.ofMinutes(15), 2));
        SweepPlan plan = capped.plan(List.of(
                ns("c-latest", "created-by", "ci-cd", "ttl", "90m"),
                ns("a-earliest", "created-by", "ci-cd", "ttl", "30m"),
                ns("b-middle", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).extracting(Deletion::name).containsExactly("a-earliest", "b-middle");
        assertThat(plan.deferred()).isEqualTo(1);
    }

    @Test
    void aCapOfZeroDeletesNothingButStillCounts() {
        SweepPlanner none = new SweepPlanner(SETTINGS, new SweepPolicy(Duration.ofMinutes(15), 0));
        SweepPlan plan = none.plan(List.of(ns("expired", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.deferred()).isEqualTo(1);
        assertThat(plan.census().count(NamespaceState.EXPIRED)).isEqualTo(1);
    }

    @Test
    void countsEveryStateIncludingEmptyOnesAndTheOldestAge() {
        SweepPlan plan = PLANNER.plan(List.of(
                ns("expired", "created-by", "ci-cd", "ttl", "1h"),
                ns("active", "created-by", "ci-cd", "ttl", "3h"),
                ns("unlabelled")), NOW);
        assertThat(plan.census().counts()).containsEntry(NamespaceState.EXPIRED, 1).containsEntry(NamespaceState.ACTIVE, 1)
                .containsEntry(NamespaceState.STUCK, 0).hasSize(NamespaceState.values().length);
        assertThat(plan.census().oldest()).isEqualTo(Duration.ofHours(2));
        assertThat(plan.scanned()).isEqualTo(2);
    }

    @Test
    void describesTheCensusInOneLine() {
        SweepPlan plan = PLANNER.plan(List.of(ns("expired", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.census().describe()).isEqualTo("active=0 kept=0 expired=1 no_ttl=0 terminating=0 stuck=0");
    }

    @Test
    void aNamespaceReadAgainWithTheSameUidAndStillExpiredIsStillDue() {
        Deletion deletion = PLANNER.plan(List.of(ns("x", "created-by", "ci-cd", "ttl", "1h")), NOW).deletions().get(0);
        assertThat(PLANNER.stillDue(deletion, ns("x", "created-by", "ci-cd", "ttl", "1h"), NOW)).isTrue();
    }

    @Test
    void aNamespaceReCreatedUnderTheSameNameIsNoLongerDue() {
        Deletion deletion = PLANNER.plan(List.of(ns("x", "created-by", "ci-cd", "ttl", "1h")), NOW).deletions().get(0);
        NamespaceView recreated = new NamespaceView("x", "another-uid", Optional.of(T0), Optional.empty(),
                Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true", "ttl", "1h"), Map.of());
        assertThat(PLANNER.stillDue(deletion, recreated, NOW)).isFalse();
    }

    @Test
    void aNamespaceKeptSinceTheListingIsNoLongerDue() {
        Deletion deletion = PLANNER.plan(List.of(ns("x", "created-by", "ci-cd", "ttl", "1h")), NOW).deletions().get(0);
        assertThat(PLANNER.stillDue(deletion, ns("x", "created-by", "ci-cd", "ttl", "1h", "keep", "true"), NOW)).isFalse();
    }

    @Test
    void aNamespaceWhoseCiLabelsWereRemovedSinceTheListingIsNoLongerDue() {
        Deletion deletion = PLANNER.plan(List.of(ns("x", "created-by", "ci-cd", "ttl", "1h")), NOW).deletions().get(0);
        assertThat(PLANNER.stillDue(deletion, ns("x", "ttl", "1h"), NOW)).isFalse();
    }

    @Test
    void reasonsNameTheRuleThatMadeTheNamespaceExpire() {
        SweepPlan plan = PLANNER.plan(List.of(
                ns("fallback", "created-by", "ci-cd"),
                ns("kept", "created-by", "ci-cd", "ttl", "1h", "keep", "true")), T0.plus(Duration.ofDays(2)));
        assertThat(plan.deletions()).extracting(Deletion::reason).containsExactlyInAnyOrder("fallback_ttl", "keep_expired");
    }

    /** A namespace; one with the selector's labels is admitted, as the webhook leaves it ({@code managed=true}). */
    private static NamespaceView ns(String name, String... labels) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        if ("ci-cd".equals(map.get("created-by"))) {
            map.put(ProductKeys.MANAGED, "true");
        }
        return new NamespaceView(name, "uid-" + name, Optional.of(T0), Optional.empty(), map, Map.of());
    }

    private static SweepPlan planOne(NamespaceView namespace, boolean onlyJanitorAccessRemains) {
        SweepPlanner.Accumulator accumulator = PLANNER.start(NOW);
        accumulator.add(namespace, onlyJanitorAccessRemains);
        return accumulator.finish();
    }

    private static NamespaceView unadmitted(String name, String... labels) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new NamespaceView(name, "uid-" + name, Optional.of(T0), Optional.empty(), map, Map.of());
    }

    private static NamespaceView terminating(NamespaceView namespace, Instant since, String admittedAt) {
        Map<String, String> annotations = new HashMap<>(namespace.annotations());
        if (admittedAt != null) {
            annotations.put(ProductKeys.ADMITTED_AT, admittedAt);
        }
        return new NamespaceView(namespace.name(), namespace.uid(), namespace.created(), Optional.of(since),
                namespace.labels(), annotations);
    }

    @Test
    void neverDeletesANamespaceThatOnlyCarriesTheSelectorsLabelsAndCountsIt() {
        SweepPlan plan = PLANNER.plan(List.of(unadmitted("labelled", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.scanned()).isZero();
        assertThat(plan.skipped()).containsEntry(Admission.Verdict.NOT_ADMITTED, 1)
                .containsEntry(Admission.Verdict.ADMITTED_AFTER_DELETION, 0);
        assertThat(plan.report()).isEmpty();
    }

    @Test
    void withoutRequiredAdmissionTrustsTheSelectorsLabelsButStillNotTheProtectedList() {
        SweepPlanner alone = new SweepPlanner(SETTINGS, new SweepPolicy(Duration.ofMinutes(15), 50, false));
        SweepPlan plan = alone.plan(List.of(unadmitted("labelled", "created-by", "ci-cd", "ttl", "1h"),
                unadmitted("kube-public", "created-by", "ci-cd", "ttl", "1h")), NOW);
        assertThat(plan.deletions()).extracting(Deletion::name).containsExactly("labelled");
        assertThat(plan.skippedTotal()).isZero();
    }

    @Test
    void neverRepairsANamespaceAdmittedAfterItsDeletionStarted() {
        Instant deleted = NOW.minus(Duration.ofHours(1));
        NamespaceView late = terminating(ns("late", "created-by", "ci-cd", "ttl", "1h"), deleted, "2026-11-26T11:30:00Z");
        SweepPlan plan = planOne(late, true);
        assertThat(plan.stuck()).isEmpty();
        assertThat(plan.releases()).isEmpty();
        assertThat(plan.skipped()).containsEntry(Admission.Verdict.ADMITTED_AFTER_DELETION, 1);
        assertThat(PLANNER.stillTerminating("uid-late", late, NOW)).isFalse();
    }

    @Test
    void repairsAStuckNamespaceAdmittedBeforeItsDeletionAndReleasesItsAccessWhenOnlyThatRemains() {
        Instant deleted = NOW.minus(Duration.ofHours(1));
        NamespaceView admitted = terminating(ns("early", "created-by", "ci-cd", "ttl", "1h"), deleted, "2026-11-26T10:00:00Z");
        SweepPlan plan = planOne(admitted, true);
        assertThat(plan.stuck()).extracting(status -> status.namespace().name()).containsExactly("early");
        assertThat(plan.releases()).extracting(status -> status.namespace().name()).containsExactly("early");
        assertThat(PLANNER.stillTerminating("uid-early", admitted, NOW)).isTrue();
        assertThat(PLANNER.stillTerminating("another-uid", admitted, NOW)).isFalse();
    }

    @Test
    void releasesTheAccessOfATerminatingNamespaceBeforeItIsStuck() {
        NamespaceView going = terminating(ns("going", "created-by", "ci-cd", "ttl", "1h"), NOW.minusSeconds(30), null);
        SweepPlan plan = planOne(going, true);
        assertThat(plan.stuck()).isEmpty();
        assertThat(plan.releases()).extracting(status -> status.namespace().name()).containsExactly("going");
        assertThat(planOne(going, false).releases()).isEmpty();
    }
}
