package io.ephemeralns.janitor.stuck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RepairPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration STUCK_AFTER = Duration.ofMinutes(15);
    private static final Duration FORCE_AFTER = Duration.ofHours(1);
    private static final Pattern ALL = Pattern.compile(".*");

    private static RemainingObject deleting(String name, Duration since, String... finalizers) {
        return new RemainingObject("", "v1", "configmaps", name, List.of(finalizers), Optional.of(NOW.minus(since)));
    }

    private static RepairPlan plan(RepairMode mode, Duration terminating, List<RemainingObject> objects, Pattern allow,
            Optional<Pattern> deny) {
        return RepairPlan.plan(mode, NOW, NOW.minus(terminating), STUCK_AFTER, FORCE_AFTER, objects, allow, deny);
    }

    @Test
    void neverRemovesTheJanitorsOwnAccessFinalizer() {
        RemainingObject binding = new RemainingObject("rbac.authorization.k8s.io", "v1", "rolebindings",
                "ephemeral-ns-janitor-access", List.of("ephemeral-ns.io/janitor-access", "example.com/never"),
                Optional.of(NOW.minus(Duration.ofHours(2))));
        RepairPlan plan = plan(RepairMode.FORCE, Duration.ofHours(2), List.of(binding), ALL, Optional.empty());
        assertThat(plan.removals()).singleElement().satisfies(removal -> {
            assertThat(removal.remove()).containsExactly("example.com/never");
            assertThat(removal.keep()).containsExactly("ephemeral-ns.io/janitor-access");
        });
    }

    @Test
    void theFinalizerPatchKeepsTheRestAndIsMadeOnTheListedVersionOnly() {
        assertThat(RepairPlan.finalizersPatch(List.of("kept.io/x"), "42"))
                .isEqualTo(java.util.Map.of("metadata", java.util.Map.of("finalizers", List.of("kept.io/x"),
                        "resourceVersion", "42")));
        assertThat(RepairPlan.finalizersPatch(List.of(), null))
                .isEqualTo(java.util.Map.of("metadata", java.util.Map.of("finalizers", List.of())));
    }

    @Test
    void reportModeChangesNothing() {
        RepairPlan plan = plan(RepairMode.REPORT, Duration.ofHours(2), List.of(deleting("a", Duration.ofHours(2), "f")),
                ALL, Optional.empty());
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void removesFinalizersOfObjectsDeletingLongerThanStuckAfter() {
        RepairPlan plan = plan(RepairMode.FINALIZERS, Duration.ofMinutes(20),
                List.of(deleting("old", Duration.ofMinutes(16), "example.com/never", "kept.io/x"),
                        deleting("young", Duration.ofMinutes(5), "example.com/never")),
                Pattern.compile("example\\.com/.*"), Optional.empty());
        assertThat(plan.removals()).hasSize(1);
        assertThat(plan.removals().get(0).object().name()).isEqualTo("old");
        assertThat(plan.removals().get(0).remove()).containsExactly("example.com/never");
        assertThat(plan.removals().get(0).keep()).containsExactly("kept.io/x");
        assertThat(plan.forceFinalize()).isFalse();
    }

    @Test
    void neverRemovesADeniedFinalizer() {
        RepairPlan plan = plan(RepairMode.FINALIZERS, Duration.ofMinutes(20),
                List.of(deleting("pvc", Duration.ofMinutes(16), "kubernetes.io/pvc-protection")), ALL,
                Optional.of(Pattern.compile("kubernetes\\.io/.*")));
        assertThat(plan.removals()).isEmpty();
    }

    @Test
    void doesNothingWhileTheNamespaceIsYoungerThanStuckAfter() {
        RepairPlan plan = plan(RepairMode.FORCE, Duration.ofMinutes(15),
                List.of(deleting("a", Duration.ofHours(3), "f")), ALL, Optional.empty());
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void leavesObjectsThatAreNotBeingDeletedAlone() {
        RemainingObject alive = new RemainingObject("", "v1", "configmaps", "a", List.of("f"), Optional.empty());
        assertThat(plan(RepairMode.FINALIZERS, Duration.ofHours(2), List.of(alive), ALL, Optional.empty()).removals()).isEmpty();
    }

    @Test
    void forceModeFinalizesOnlyAfterForceAfter() {
        assertThat(plan(RepairMode.FORCE, Duration.ofMinutes(59), List.of(), ALL, Optional.empty()).forceFinalize()).isFalse();
        assertThat(plan(RepairMode.FORCE, Duration.ofMinutes(61), List.of(), ALL, Optional.empty()).forceFinalize()).isTrue();
        assertThat(plan(RepairMode.FINALIZERS, Duration.ofHours(5), List.of(), ALL, Optional.empty()).forceFinalize()).isFalse();
    }

    @Test
    void parsesTheModesAndRefusesOthers() {
        assertThat(RepairMode.parse("Force")).isEqualTo(RepairMode.FORCE);
        assertThatThrownBy(() -> RepairMode.parse("yes")).hasMessageContaining("use report, finalizers or force");
    }

    @Test
    void displaysCoreAndGroupedObjectsLikeKubectl() {
        assertThat(deleting("app-state", Duration.ZERO).display()).isEqualTo("configmap/app-state");
        assertThat(new RemainingObject("example.com", "v1", "widgets", "w1", List.of(), Optional.empty()).display())
                .isEqualTo("widgets.example.com/w1");
    }
}
