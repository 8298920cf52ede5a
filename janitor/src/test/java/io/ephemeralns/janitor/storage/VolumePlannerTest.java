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
                Arguments.of("a volume bound to a claim in a live CI namespace is labelled with it", volume(), true),
                Arguments.of("a volume provisioned for its claim is labelled", volume(v -> {
                    v.annotations.put(VolumeView.PROVISIONED_BY, "csi.example.com");
                    v.annotations.put(VolumeView.BOUND_BY_CONTROLLER, "yes");
                }), true),
                Arguments.of("a volume labelled with another namespace while bound is relabelled",
                        volume(v -> v.owner("ci-old", "old-uid")), true),
                Arguments.of("a volume labelled with a former namespace of the same name is relabelled while bound",
                        volume(v -> v.owner("ci-1", "old-uid")), true),
                Arguments.of("a released volume of a live CI namespace without a label is labelled",
                        volume(v -> v.releasedFrom("ci-1")), true),
                Arguments.of("a volume already labelled with its namespace and UID is not labelled again",
                        volume(v -> v.owner("ci-1", "ns-uid-1")), false),
                Arguments.of("an Available volume a claim took by volumeName is never the claim's",
                        volume(v -> v.annotations.put(VolumeView.BOUND_BY_CONTROLLER, "yes")), false),
                Arguments.of("a volume of a namespace that is not CI is not labelled",
                        volume(v -> v.claimNamespace = "other-live"), false),
                Arguments.of("a released volume keeps the label of its former owner", volume(v -> {
                    v.releasedFrom("ci-1");
                    v.owner("ci-1", "old-uid");
                }), false),
                Arguments.of("an Available volume is not labelled", volume(v -> v.phase = "Available"), false),
                Arguments.of("a volume being deleted is not labelled", volume(v -> v.deleting = true), false),
                Arguments.of("a volume whose claimRef has no UID is not labelled", volume(v -> v.claimUid = null), false),
                Arguments.of("a volume without a claim is not labelled", volume(v -> v.claimNamespace = null), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labels")
    void ownerLabels(String rule, VolumeView volume, boolean labelled) {
        Optional<OwnerLabel> label = planner.label(volume, LIVE.ci());
        assertThat(label.isPresent()).isEqualTo(labelled);
        label.ifPresent(written -> assertThat(written).isEqualTo(new OwnerLabel("pv-1", "pv-uid-1", "7", "ci-1",
                "ns-uid-1")));
    }

    static Stream<Arguments> leaks() {
        return Stream.of(
                Arguments.of("a labelled released volume whose namespace is gone is a CI leak",
                        volume(Volumes::ciLeak), Optional.of(Owner.CI)),
                Arguments.of("a labelled failed volume whose namespace is gone is a CI leak", volume(v -> {
                    v.ciLeak();
                    v.phase = "Failed";
                }), Optional.of(Owner.CI)),
                Arguments.of("a labelled volume without the UID annotation whose namespace is gone is a CI leak",
                        volume(v -> {
                            v.releasedFrom("ci-gone");
                            v.owner("ci-gone", null);
                        }), Optional.of(Owner.CI)),
                Arguments.of("a labelled volume whose namespace was re-created (another UID) is a CI leak", volume(v -> {
                    v.releasedFrom("ci-1");
                    v.owner("ci-1", "old-uid");
                }), Optional.of(Owner.CI)),
                Arguments.of("a labelled released volume whose namespace still lives is no leak", volume(v -> {
                    v.releasedFrom("ci-1");
                    v.owner("ci-1", "ns-uid-1");
                }), Optional.empty()),
                Arguments.of("an unlabelled released volume whose namespace is gone is an unknown owner's leak",
                        volume(v -> v.releasedFrom("other-gone")), Optional.of(Owner.UNKNOWN)),
                Arguments.of("a volume whose label names another namespace than its claim is an unknown owner's leak",
                        volume(v -> {
                            v.releasedFrom("other-gone");
                            v.owner("ci-1", "ns-uid-1");
                        }), Optional.of(Owner.UNKNOWN)),
                Arguments.of("an unlabelled released volume of a live namespace is no leak",
                        volume(v -> v.releasedFrom("other-live")), Optional.empty()),
                Arguments.of("a volume of a namespace whose lookup failed is not decided", volume(v -> {
                    v.releasedFrom("unknown");
                    v.owner("unknown", "u");
                }), Optional.empty()),
                Arguments.of("a bound volume is no leak, whatever its label says", volume(v -> {
                    v.ciLeak();
                    v.phase = "Bound";
                }), Optional.empty()),
                Arguments.of("an Available volume is no leak", volume(v -> {
                    v.ciLeak();
                    v.phase = "Available";
                }), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void leaks(String rule, VolumeView volume, Optional<Owner> owner) {
        assertThat(planner.leak(volume, LIVE)).isEqualTo(owner);
    }

    static Stream<Arguments> deletions() {
        return Stream.of(
                Arguments.of("a CI leak past its grace with policy Retain is reclaimed (policy set to Delete)",
                        volume(Volumes::ciLeak), PAST_GRACE, Optional.of(VolumeDeletion.Action.RECLAIM)),
                Arguments.of("a CI leak past its grace with policy Delete is deleted", volume(v -> {
                    v.ciLeak();
                    v.policy = "Delete";
                }), PAST_GRACE, Optional.of(VolumeDeletion.Action.DELETE)),
                Arguments.of("a CI leak within its grace is left", volume(Volumes::ciLeak), PAST_GRACE.minusSeconds(1),
                        Optional.empty()),
                Arguments.of("a CI leak whose release time is unknown is never reclaimed", volume(v -> {
                    v.ciLeak();
                    v.releasedAt = null;
                }), PAST_GRACE.plus(GRACE), Optional.empty()),
                Arguments.of("a CI leak already being deleted is left", volume(v -> {
                    v.ciLeak();
                    v.deleting = true;
                }), PAST_GRACE, Optional.empty()),
                Arguments.of("an unknown owner's leak is never reclaimed", volume(v -> v.releasedFrom("other-gone")),
                        PAST_GRACE.plus(GRACE), Optional.empty()),
                Arguments.of("a volume whose label does not match its claim is never reclaimed", volume(v -> {
                    v.ciLeak();
                    v.claimNamespace = "other-gone";
                }), PAST_GRACE, Optional.empty()),
                Arguments.of("a bound volume is never reclaimed", volume(v -> {
                    v.ciLeak();
                    v.phase = "Bound";
                }), PAST_GRACE, Optional.empty()),
                Arguments.of("an Available volume is never reclaimed", volume(v -> {
                    v.ciLeak();
                    v.phase = "Available";
                }), PAST_GRACE, Optional.empty()),
                Arguments.of("a volume of a live CI namespace is never reclaimed", volume(v -> {
                    v.releasedFrom("ci-1");
                    v.owner("ci-1", "ns-uid-1");
                }), PAST_GRACE, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletions")
    void deletions(String rule, VolumeView volume, Instant now, Optional<VolumeDeletion.Action> action) {
        assertThat(planner.deletion(volume, LIVE, now).map(VolumeDeletion::action)).isEqualTo(action);
    }

    @Test
    void withoutDeleteAfterNothingIsEverReclaimed() {
        VolumePlanner reportOnly = new VolumePlanner(Optional.empty(), 10, 10);

        StoragePlan plan = reportOnly.plan(List.of(volume(Volumes::ciLeak)), LIVE, PAST_GRACE.plus(GRACE));

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.leaked()).singleElement().satisfies(leaked -> {
            assertThat(leaked.owner()).isEqualTo(Owner.CI);
            assertThat(leaked.reclaimAt()).isEmpty();
        });
    }

    @Test
    void reportsEveryLeakByNameWithItsClassCapacityClaimAndReclaimTime() {
        VolumeView ci = volume(v -> {
            v.name("pv-b");
            v.ciLeak();
            v.bytes = 5;
        });
        VolumeView unknown = volume(v -> {
            v.name("pv-a");
            v.releasedFrom("other-gone");
            v.phase = "Failed";
            v.storageClass = null;
        });

        StoragePlan plan = planner.plan(List.of(ci, unknown, volume(v -> v.name("pv-c"))), LIVE, RELEASED);

        assertThat(plan.leaked()).containsExactly(
                new LeakedVolume("pv-a", null, 1L << 30, "other-gone/data", Owner.UNKNOWN, "Failed", "Retain",
                        Optional.of(RELEASED), Optional.empty()),
                new LeakedVolume("pv-b", "fast", 5, "ci-gone/data", Owner.CI, "Released", "Retain",
                        Optional.of(RELEASED), Optional.of(PAST_GRACE)));
    }

    @Test
    void reclaimsTheOldestReleasesFirstUpToTheCapAndCountsTheRest() {
        List<VolumeView> volumes = List.of(leakReleasedAt("newest", RELEASED),
                leakReleasedAt("oldest", RELEASED.minusSeconds(20)), leakReleasedAt("middle", RELEASED.minusSeconds(10)));

        StoragePlan plan = planner.plan(volumes, LIVE, PAST_GRACE);

        assertThat(plan.deletions()).extracting(VolumeDeletion::volume).containsExactly("oldest", "middle");
        assertThat(plan.deferredDeletions()).isEqualTo(1);
    }

    private static VolumeView leakReleasedAt(String name, Instant at) {
        return volume(v -> {
            v.name(name);
            v.ciLeak();
            v.releasedAt = at;
        });
    }

    @Test
    void labelsUpToTheCapAndCountsTheRest() {
        List<VolumeView> volumes = List.of(volume(v -> v.name("a")), volume(v -> v.name("b")), volume(v -> v.name("c")));

        StoragePlan plan = planner.plan(volumes, LIVE, RELEASED);

        assertThat(plan.labels()).hasSize(2);
        assertThat(plan.deferredLabels()).isEqualTo(1);
    }

    @Test
    void looksUpOnlyTheNamespacesOfReleasedVolumesThatAreNotLiveCiNamespaces() {
        List<VolumeView> volumes = List.of(volume(v -> v.releasedFrom("x")), volume(v -> v.releasedFrom("ci-1")),
                volume(v -> v.claimNamespace = "bound-elsewhere"), volume(v -> {
                    v.releasedFrom("y");
                    v.phase = "Failed";
                }), volume(v -> v.releasedFrom("x")));

        assertThat(planner.lookups(volumes, LIVE.ci())).containsExactly("x", "y");
    }

    static Stream<Arguments> confirmations() {
        return Stream.of(
                Arguments.of("the same volume still due is reclaimed", volume(Volumes::ciLeak), LIVE, true),
                Arguments.of("a volume re-created under the same name (another UID) is left", volume(v -> {
                    v.ciLeak();
                    v.uid = "other";
                }), LIVE, false),
                Arguments.of("a volume bound again in between is left", volume(v -> {
                    v.ciLeak();
                    v.phase = "Bound";
                }), LIVE, false),
                Arguments.of("a volume whose namespace came back with its UID is left", volume(Volumes::ciLeak),
                        new LiveNamespaces(Map.of(), Map.of("ci-gone", "u"), Set.of()), false),
                Arguments.of("a volume whose namespace cannot be looked up is left", volume(Volumes::ciLeak),
                        new LiveNamespaces(Map.of(), Map.of(), Set.of()), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confirmations")
    void theReReadDecidesAgain(String rule, VolumeView fresh, LiveNamespaces live, boolean reclaimed) {
        VolumeDeletion planned = new VolumeDeletion("pv-1", "pv-uid-1", "ci-gone", VolumeDeletion.Action.RECLAIM);
        assertThat(planner.confirm(planned, fresh, live, PAST_GRACE).isPresent()).isEqualTo(reclaimed);
    }

    @Test
    void theReReadOfAVolumeWhosePolicyIsNowDeleteDeletesIt() {
        VolumeDeletion planned = new VolumeDeletion("pv-1", "pv-uid-1", "ci-gone", VolumeDeletion.Action.RECLAIM);
        VolumeView fresh = volume(v -> {
            v.ciLeak();
            v.policy = "Delete";
        });

        assertThat(planner.confirm(planned, fresh, LIVE, PAST_GRACE)).map(VolumeDeletion::action)
                .contains(VolumeDeletion.Action.DELETE);
    }
}
