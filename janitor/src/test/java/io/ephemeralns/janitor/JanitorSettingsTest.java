package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.Ttl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JanitorSettingsTest {

    private static final CiSettings SHARED = CiSettings.defaults("ephemeral-ns");

    private static JanitorSettings settings(TestConfig config, boolean inCluster) {
        return JanitorSettings.from(config, SHARED, Optional.of("ephemeral-ns"), inCluster);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        JanitorSettings settings = settings(TestConfig.defaults(), false);
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.policy().stuckAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.policy().maxDeletions()).isEqualTo(50);
        assertThat(settings.podDrainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.policy().requireAdmission()).isTrue();
        assertThat(settings.maxClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.stuck().maxRepairs()).isEqualTo(200);
    }

    @Test
    void theStartUpLineSaysPlainlyWhatTrustingTheSelectorsLabelsMeans() {
        TestConfig config = TestConfig.defaults();
        config.requireAdmission = false;
        assertThat(settings(config, false).describe(config))
                .contains("require-admission=false (trusting the selector's labels: anyone who may label a namespace"
                        + " can have it deleted)");
    }

    @Test
    void anInvalidClockSkewBoundNamesTheKey() {
        assertThatThrownBy(() -> TestConfig.mapping(Map.of("janitor.max-clock-skew", "30 seconds")))
                .hasMessageContaining("janitor.max-clock-skew").hasMessageContaining("\"30 seconds\"");
    }

    @Test
    void aNegativeRepairBudgetIsRefused() {
        TestConfig config = TestConfig.defaults();
        config.maxRepairsPerSweep = -1;
        assertThatThrownBy(() -> settings(config, false))
                .hasMessageStartingWith("janitor.stuck.max-repairs-per-sweep=-1 is negative");
    }

    @Test
    void leaderElectionIsOnByDefaultOnlyInACluster() {
        assertThat(settings(TestConfig.defaults(), true).leaderElection()).isTrue();
        assertThat(settings(TestConfig.defaults(), false).leaderElection()).isFalse();
    }

    @Test
    void runOnceNeverWaitsForLeadership() {
        TestConfig config = TestConfig.defaults();
        config.runOnce = true;
        config.leaderElection = Optional.of(true);
        assertThat(settings(config, true).leaderElection()).isFalse();
    }

    @Test
    void anInvalidIntervalNamesTheKeyAndTheAcceptedForms() {
        assertThatThrownBy(() -> TestConfig.mapping(Map.of("janitor.interval", "1 minute")))
                .hasMessageContaining("janitor.interval")
                .hasMessageContaining("\"1 minute\" is not a valid duration: " + Ttl.ACCEPTED);
    }

    @Test
    void anIntervalInDaysIsRefusedBecauseTheSchedulerCannotReadIt() {
        assertThatThrownBy(() -> TestConfig.mapping(Map.of("janitor.interval", "1d")))
                .hasMessageContaining("janitor.interval").hasMessageContaining("use s, m or h, e.g. 60s, 5m, 1h30m");
    }

    @Test
    void theMappedIntervalIsTheDuration() {
        assertThat(TestConfig.mapping(Map.of("janitor.interval", "1h30m")).interval()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aNonPositiveDeletionRateIsRefused() {
        TestConfig config = TestConfig.defaults();
        config.deletesPerSecond = 0;
        assertThatThrownBy(() -> settings(config, false)).hasMessageStartingWith("janitor.deletes-per-second=0.0 must be positive");
    }

    @ParameterizedTest(name = "janitor.deletion-concurrency={0} is refused")
    @ValueSource(ints = {0, -1, 65})
    void aDeletionConcurrencyOutsideOneToSixtyFourIsRefused(int concurrency) {
        TestConfig config = TestConfig.defaults();
        config.deletionConcurrency = concurrency;
        assertThatThrownBy(() -> settings(config, false))
                .hasMessageStartingWith("janitor.deletion-concurrency=" + concurrency + " must be between 1 and 64");
    }

    @Test
    void theDeletionConcurrencyIsTheConfiguredOne() {
        TestConfig config = TestConfig.defaults();
        config.deletionConcurrency = 3;
        assertThat(settings(config, false).deletionConcurrency()).isEqualTo(3);
    }

    @Test
    void aNegativeCapIsRefused() {
        TestConfig config = TestConfig.defaults();
        config.maxDeletionsPerSweep = -1;
        assertThatThrownBy(() -> settings(config, false)).hasMessageContaining("janitor.max-deletions-per-sweep=-1 is negative");
    }

    @Test
    void anInvalidStuckAfterNamesTheKey() {
        assertThatThrownBy(() -> TestConfig.mapping(Map.of("janitor.stuck-after", "15 min")))
                .hasMessageContaining("janitor.stuck-after").hasMessageContaining("\"15 min\"");
    }

    @Test
    void theStuckRepairDefaultsToRemovingFinalizers() {
        JanitorSettings settings = settings(TestConfig.defaults(), false);
        assertThat(settings.stuck().mode()).isEqualTo(io.ephemeralns.janitor.stuck.RepairMode.FINALIZERS);
        assertThat(settings.stuck().forceAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.stuck().deny()).isEmpty();
    }

    @Test
    void anUnknownRepairModeNamesTheAcceptedModes() {
        TestConfig config = TestConfig.defaults();
        config.stuckRepair = "always";
        assertThatThrownBy(() -> settings(config, false))
                .hasMessage("janitor.stuck.repair=\"always\" is not valid: use report, finalizers or force");
    }
}
