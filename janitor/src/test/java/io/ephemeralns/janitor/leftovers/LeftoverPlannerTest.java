package io.ephemeralns.janitor.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeftoverPlannerTest {

    static final String ROLES = "clusterroles.rbac.authorization.k8s.io";
    static final String HOOKS = "validatingwebhookconfigurations.admissionregistration.k8s.io";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    /** The owner namespace ci-1 was created at 09:00 and found missing at 10:30. */
    static final Instant CREATED = Instant.parse("2026-11-30T09:00:00Z");
    static final Instant GONE = Instant.parse("2026-11-30T10:30:00Z");
    static final Duration GRACE = Duration.ofHours(1);

    private final LeftoverPlanner planner = new LeftoverPlanner(List.of(ROLES, HOOKS),
            new Protection(List.of(Pattern.compile("shared-.*"))), GRACE, 2);
    private final Map<String, OwnerMemory.Owner> memory = new HashMap<>(Map.of(
            "ci-1", new OwnerMemory.Owner("uid-ci-1", CREATED, GONE),
            "ci-recent", new OwnerMemory.Owner("uid-recent", CREATED, NOW.minus(Duration.ofMinutes(10))),
            "ci-alive", new OwnerMemory.Owner("uid-alive", CREATED, null)));

    static LeftoverObject object(String name, String owner, Instant created, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("ephemeral-ns.io/owner-namespace", owner);
        return new LeftoverObject(ROLES, name, "uid-" + name, "7", Optional.ofNullable(created), false, all);
    }

    static LeftoverObject object(String name, String owner) {
        return object(name, owner, CREATED.plus(Duration.ofMinutes(5)), Map.of());
    }

    private LeftoverPlan plan(LeftoverObject... objects) {
        return planner.plan(List.of(objects), Set.of("ci-exists"), name -> Optional.ofNullable(memory.get(name)), NOW);
    }

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("gone past the grace, created after its namespace", object("test-reader", "ci-1"),
                        LeftoverState.DUE),
                Arguments.of("created the second its namespace was", object("same-second", "ci-1", CREATED, Map.of()),
                        LeftoverState.DUE),
                Arguments.of("gone for less than the grace", object("test-reader", "ci-recent"), LeftoverState.GRACE),
                Arguments.of("created before its namespace: a label added later (confused deputy)",
                        object("cluster-viewer", "ci-1", CREATED.minus(Duration.ofDays(30)), Map.of()),
                        LeftoverState.UNVERIFIED),
                Arguments.of("no creationTimestamp", object("odd", "ci-1", null, Map.of()), LeftoverState.UNVERIFIED),
                Arguments.of("owner never seen as an admitted CI namespace", object("test-reader", "kube-system-ish"),
                        LeftoverState.UNVERIFIED),
                Arguments.of("a system: name", object("system:controller:foo", "ci-1"), LeftoverState.PROTECTED),
                Arguments.of("labelled kubernetes.io/bootstrapping",
                        object("cluster-admin", "ci-1", CREATED.plusSeconds(1), Map.of("kubernetes.io/bootstrapping",
                                "rbac-defaults")), LeftoverState.PROTECTED),
                Arguments.of("the product's chart label",
                        object("janitor-role", "ci-1", CREATED.plusSeconds(1), Map.of("app.kubernetes.io/name",
                                "ephemeral-ns")), LeftoverState.PROTECTED),
                Arguments.of("the product's name", object("ephemeral-ns-janitor", "ci-1"), LeftoverState.PROTECTED),
                Arguments.of("excluded by name", object("shared-viewer", "ci-1"), LeftoverState.PROTECTED));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("states")
    void aLabelledObjectWhoseNamespaceIsGoneGetsItsState(String description, LeftoverObject object,
            LeftoverState expected) {
        LeftoverPlan plan = plan(object);
        assertThat(plan.leftovers()).singleElement().extracting(LeftoverPlan.Leftover::state).isEqualTo(expected);
        assertThat(plan.deletions()).hasSize(expected == LeftoverState.DUE ? 1 : 0);
        assertThat(plan.counts().get(ROLES).get(expected)).isEqualTo(1);
    }

    @Test
    void anObjectWhoseNamespaceExistsOrIsAliveInTheCacheIsNoLeftover() {
        LeftoverPlan plan = plan(object("a", "ci-exists"), object("b", "ci-alive"));
        assertThat(plan.leftovers()).isEmpty();
        assertThat(plan.deletions()).isEmpty();
    }

    @Test
    void aNamespaceReCreatedUnderTheNameKeepsTheOldRunsObjects() {
        LeftoverPlan plan = planner.plan(List.of(object("a", "ci-1")), Set.of("ci-1"),
                name -> Optional.ofNullable(memory.get(name)), NOW);
        assertThat(plan.leftovers()).isEmpty();
    }

    @Test
    void anObjectAlreadyBeingDeletedIsCountedButNotDeletedAgain() {
        LeftoverObject deleting = new LeftoverObject(ROLES, "going", "uid-going", "8",
                Optional.of(CREATED.plusSeconds(60)), true, Map.of("ephemeral-ns.io/owner-namespace", "ci-1"));
        LeftoverPlan plan = plan(deleting);
        assertThat(plan.leftovers()).singleElement().extracting(LeftoverPlan.Leftover::state).isEqualTo(LeftoverState.DUE);
        assertThat(plan.deletions()).isEmpty();
    }

    @Test
    void theCapKeepsTheLongestGoneFirstAndTheRestWait() {
        memory.put("ci-0", new OwnerMemory.Owner("uid-0", CREATED, GONE.minus(Duration.ofMinutes(30))));
        LeftoverPlan plan = plan(object("c", "ci-1"), object("b", "ci-1"), object("z", "ci-0"));
        assertThat(plan.deletions()).extracting(l -> l.object().name()).containsExactly("z", "b");
        assertThat(plan.counts().get(ROLES).get(LeftoverState.DUE)).isEqualTo(3);
    }

    @Test
    void everyConfiguredResourceAndStateIsCountedZeroIncluded() {
        LeftoverPlan plan = plan();
        assertThat(plan.counts()).containsOnlyKeys(ROLES, HOOKS);
        assertThat(plan.counts().get(HOOKS)).hasSize(LeftoverState.values().length).containsValue(0).doesNotContainValue(1);
    }

    @Test
    void anEmptyOwnerLabelNamesNoNamespaceAndIsNoLeftover() {
        assertThat(plan(object("blank", "")).leftovers()).isEmpty();
    }

    @Test
    void anOwnerNoNamespaceCanBeNamedIsNeverLookedUpAndReportedUnverified() {
        LeftoverObject odd = object("odd", "Not_A_Namespace");
        assertThat(LeftoverPlanner.ownersToLookUp(List.of(odd), name -> Optional.empty())).isEmpty();
        assertThat(plan(odd).leftovers()).singleElement().extracting(LeftoverPlan.Leftover::state)
                .isEqualTo(LeftoverState.UNVERIFIED);
    }

    @Test
    void ownersKnownAliveAreNotLookedUpTheOthersOnceEach() {
        Set<String> owners = LeftoverPlanner.ownersToLookUp(List.of(object("a", "ci-alive"), object("b", "ci-1"),
                object("c", "ci-1"), object("d", "unknown")), name -> Optional.ofNullable(memory.get(name)));
        assertThat(owners).containsExactly("ci-1", "unknown");
    }
}
