package io.ephemeralns.janitor.storage;

import static io.ephemeralns.janitor.storage.Volumes.RELEASED;
import static io.ephemeralns.janitor.storage.Volumes.volume;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VolumePlannerTest {

    private static final Duration GRACE = Duration.ofHours(24);
    private static final Instant PAST_GRACE = RELEASED.plus(GRACE);
    /** ci-1 is a live CI namespace; ci-gone and other-gone are gone; other-live is a live namespace that is not CI. */
    private static final LiveNamespaces LIVE = new LiveNamespaces(Map.of("ci-1", "ns-uid-1"),
            Map.of("other-live", "other-uid"), Set.of("ci-gone", "other-gone"));

    private final VolumePlanner planner = new VolumePlanner(Optional.of(GRACE), 2, 2);

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of("a volume bound to a claim in a live CI namespace is labelled with it",
                        volume(), true),
                Arguments.of("a volume provisioned for its claim is labelled",
                        volume().annotation(VolumeView.PROVISIONED_BY, "csi.example.com")
                                .annotation(VolumeView.BOUND_BY_CONTROLLER, "yes"), true),
                Arguments.of("a volume labelled with another namespace while bound is relabelled",
                        volume().owner("ci-old", "old-uid"), true),
                Arguments.of("a volume labelled with a former namespace of the same name is relabelled while bound",
                        volume().owner("ci-1", "old-uid"), true),
                Arguments.of("a released volume of a live CI namespace without a label is labelled",
                        volume().released(), true),
                Arguments.of("a volume already labelled with its namespace and UID is not labelled again",
                        volume().owner("ci-1", "ns-uid-1"), false),
                Arguments.of("an Available volume a claim took by volumeName is never the claim's",
                        volume().annotation(VolumeView.BOUND_BY_CONTROLLER, "yes"), false),
                Arguments.of("a volume of a namespace that is not CI is not labelled",
                        volume().claimIn("other-live"), false),
                Arguments.of("a released volume keeps the label of its former owner",
                        volume().released().owner("ci-1", "old-uid"), false),
                Arguments.of("an Available volume is not labelled", volume().phase("Available"), false),
                Arguments.of("a volume being deleted is not labelled", volume().deleting(), false),
                Arguments.of("a volume whose claimRef has no UID is not labelled", volume().claimUid(null), false),
                Arguments.of("a volume without a claim is not labelled", volume().claimIn(null), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labels")
    void ownerLabels(String rule, Volumes volume, boolean labelled) {
        Optional<OwnerLabel> label = planner.label(volume.view(), LIVE.ci());
        assertThat(label.isPresent()).isEqualTo(labelled);
        label.ifPresent(written -> assertThat(written).isEqualTo(new OwnerLabel("pv-1", "pv-uid-1", "7", "ci-1",
                "ns-uid-1")));
    }

    static Stream<Arguments> leaks() {
        return Stream.of(
                Arguments.of("a labelled released volume whose namespace is gone is a CI leak",
                        volume().released().claimIn("ci-gone").owner("ci-gone", "u"), Optional.of(Owner.CI)),
                Arguments.of("a labelled failed volume whose namespace is gone is a CI leak",
                        volume().phase("Failed").claimIn("ci-gone").owner("ci-gone", "u"), Optional.of(Owner.CI)),
                Arguments.of("a labelled volume without the UID annotation whose namespace is gone is a CI leak",
                        volume().released().claimIn("ci-gone").owner("ci-gone", null), Optional.of(Owner.CI)),
                Arguments.of("a labelled volume whose namespace was re-created (another UID) is a CI leak",
                        volume().released().owner("ci-1", "old-uid"), Optional.of(Owner.CI)),
                Arguments.of("a labelled released volume whose namespace still lives is no leak",
                        volume().released().owner("ci-1", "ns-uid-1"), Optional.empty()),
                Arguments.of("an unlabelled released volume whose namespace is gone is an unknown owner's leak",
                        volume().released().claimIn("other-gone"), Optional.of(Owner.UNKNOWN)),
                Arguments.of("a volume whose label names another namespace than its claim is an unknown owner's leak",
                        volume().released().claimIn("other-gone").owner("ci-1", "ns-uid-1"), Optional.of(Owner.UNKNOWN)),
                Arguments.of("an unlabelled released volume of a live namespace is no leak",
                        volume().released().claimIn("other-live"), Optional.empty()),
                Arguments.of("a volume of a namespace whose lookup failed is not decided",
                        volume().released().claimIn("unknown").owner("unknown", "u"), Optional.empty()),
                Arguments.of("a bound volume is no leak, whatever its label says",
                        volume().claimIn("ci-gone").owner("ci-gone", "u"), Optional.empty()),
                Arguments.of("an Available volume is no leak",
                        volume().phase("Available").claimIn("ci-gone").owner("ci-gone", "u"), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void leaks(String rule, Volumes volume, Optional<Owner> owner) {
        assertThat(planner.leak(volume.view(), LIVE)).isEqualTo(owner);
    }

    static Stream<Arguments> deletions() {
        Volumes leak = volume().released().claimIn("ci-gone").owner("ci-gone", "u");
        return Stream.of(
                Arguments.of("a CI leak past its grace with policy Retain is reclaimed (policy set to Delete)",
                        volume().released().claimIn("ci-gone").owner("ci-gone", "u"), PAST_GRACE,
                        Optional.of(VolumeDeletion.Action.RECLAIM)),
                Arguments.of("a CI leak past its grace with policy Delete is deleted",
                        volume().released().claimIn("ci-gone").owner("ci-gone", "u").policy("Delete"), PAST_GRACE,
                        Optional.of(VolumeDeletion.Action.DELETE)),
                Arguments.of("a CI leak within its grace is left", leak, PAST_GRACE.minusSeconds(1), Optional.empty()),
                Arguments.of("a CI leak whose release time is unknown is never reclaimed",
                        volume().released().claimIn("ci-gone").owner("ci-gone", "u").releasedAt(null),
                        PAST_GRACE.plus(GRACE), Optional.empty()),
                Arguments.of("a CI leak already being deleted is left",
                        volume().released().claimIn("ci-gone").owner("ci-gone", "u").deleting(), PAST_GRACE,
                        Optional.empty()),
                Arguments.of("an unknown owner's leak is never reclaimed",
                        volume().released().claimIn("other-gone"), PAST_GRACE.plus(GRACE), Optional.empty()),
                Arguments.of("a volume whose label does not match its claim is never reclaimed",
                        volume().released().claimIn("other-gone").owner("ci-gone", "u"), PAST_GRACE, Optional.empty()),
                Arguments.of("a bound volume is never reclaimed",
                        volume().claimIn("ci-gone").owner("ci-gone", "u"), PAST_GRACE, Optional.empty()),
                Arguments.of("an Available volume is never reclaimed",
                        volume().phase("Available").claimIn("ci-gone").owner("ci-gone", "u"), PAST_GRACE,
                        Optional.empty()),
                Arguments.of("a volume of a live CI namespace is never reclaimed",
                        volume().released().owner("ci-1", "ns-uid-1"), PAST_GRACE, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletions")
    void deletions(String rule, Volumes volume, Instant now, Optional<VolumeDeletion.Action> action) {
        assertThat(planner.deletion(volume.view(), LIVE, now).map(VolumeDeletion::action)).isEqualTo(action);
    }

    @Test
    void withoutDeleteAfterNothingIsEverReclaimed() {
        VolumePlanner reportOnly = new VolumePlanner(Optional.empty(), 10, 10);
        VolumeView leak = volume().released().claimIn("ci-gone").owner("ci-gone", "u").view();

        StoragePlan plan = reportOnly.plan(List.of(leak), LIVE, PAST_GRACE.plus(GRACE));

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.leaked()).singleElement().satisfies(leaked -> {
            assertThat(leaked.owner()).isEqualTo(Owner.CI);
            assertThat(leaked.reclaimAt()).isEmpty();
        });
    }

    @Test
    void reportsEveryLeakByNameWithItsClassCapacityClaimAndReclaimTime() {
        VolumeView ci = volume().name("pv-b").released().claimIn("ci-gone").owner("ci-gone", "u").bytes(5).view();
        VolumeView unknown = volume().name("pv-a").phase("Failed").claimIn("other-gone").storageClass(null).view();

        StoragePlan plan = planner.plan(List.of(ci, unknown, volume().name("pv-c").view()), LIVE, RELEASED);

        assertThat(plan.leaked()).containsExactly(
                new LeakedVolume("pv-a", null, 1L << 30, "other-gone/data", Owner.UNKNOWN, "Failed", "Retain",
                        Optional.of(RELEASED), Optional.empty()),
                new LeakedVolume("pv-b", "fast", 5, "ci-gone/data", Owner.CI, "Released", "Retain",
                        Optional.of(RELEASED), Optional.of(PAST_GRACE)));
    }

    @Test
    void reclaimsTheOldestReleasesFirstUpToTheCapAndCountsTheRest() {
        List<VolumeView> volumes = List.of(
                volume().name("newest").released().claimIn("ci-gone").owner("ci-gone", "u").releasedAt(RELEASED).view(),
                volume().name("oldest").released().claimIn("ci-gone").owner("ci-gone", "u")
                        .releasedAt(RELEASED.minusSeconds(20)).view(),
                volume().name("middle").released().claimIn("ci-gone").owner("ci-gone", "u")
                        .releasedAt(RELEASED.minusSeconds(10)).view());

        StoragePlan plan = planner.plan(volumes, LIVE, PAST_GRACE);

        assertThat(plan.deletions()).extracting(VolumeDeletion::volume).containsExactly("oldest", "middle");
        assertThat(plan.deferredDeletions()).isEqualTo(1);
    }

    @Test
    void labelsUpToTheCapAndCountsTheRest() {
        List<VolumeView> volumes = List.of(volume().name("a").view(), volume().name("b").view(), volume().name("c").view());

        StoragePlan plan = planner.plan(volumes, LIVE, RELEASED);

        assertThat(plan.labels()).hasSize(2);
        assertThat(plan.deferredLabels()).isEqualTo(1);
    }

    @Test
    void looksUpOnlyTheNamespacesOfReleasedVolumesThatAreNotLiveCiNamespaces() {
        List<VolumeView> volumes = List.of(volume().released().claimIn("x").view(), volume().released().view(),
                volume().claimIn("bound-elsewhere").view(), volume().phase("Failed").claimIn("y").view(),
                volume().released().claimIn("x").view());

        assertThat(planner.lookups(volumes, LIVE.ci())).containsExactly("x", "y");
    }

    static Stream<Arguments> confirmations() {
        Volumes due = volume().released().claimIn("ci-gone").owner("ci-gone", "u");
        return Stream.of(
                Arguments.of("the same volume still due is reclaimed", due, LIVE, true),
                Arguments.of("a volume re-created under the same name (another UID) is left",
                        volume().uid("other").released().claimIn("ci-gone").owner("ci-gone", "u"), LIVE, false),
                Arguments.of("a volume bound again in between is left",
                        volume().claimIn("ci-gone").owner("ci-gone", "u"), LIVE, false),
                Arguments.of("a volume whose namespace came back with its UID is left", due,
                        new LiveNamespaces(Map.of(), Map.of("ci-gone", "u"), Set.of()), false),
                Arguments.of("a volume whose namespace cannot be looked up is left", due,
                        new LiveNamespaces(Map.of(), Map.of(), Set.of()), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confirmations")
    void theReReadDecidesAgain(String rule, Volumes fresh, LiveNamespaces live, boolean reclaimed) {
        VolumeDeletion planned = new VolumeDeletion("pv-1", "pv-uid-1", "ci-gone", VolumeDeletion.Action.RECLAIM);
        assertThat(planner.confirm(planned, fresh.view(), live, PAST_GRACE).isPresent()).isEqualTo(reclaimed);
    }

    @Test
    void theReReadOfAVolumeWhosePolicyIsNowDeleteDeletesIt() {
        VolumeDeletion planned = new VolumeDeletion("pv-1", "pv-uid-1", "ci-gone", VolumeDeletion.Action.RECLAIM);
        VolumeView fresh = volume().released().claimIn("ci-gone").owner("ci-gone", "u").policy("Delete").view();

        assertThat(planner.confirm(planned, fresh, LIVE, PAST_GRACE)).map(VolumeDeletion::action)
                .contains(VolumeDeletion.Action.DELETE);
    }
}
