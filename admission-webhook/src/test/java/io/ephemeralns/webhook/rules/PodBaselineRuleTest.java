package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.POLICY;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.object;
import static io.ephemeralns.webhook.rules.Fixtures.policy;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodBaselineRuleTest {

    private static final Obj WAITING = ci("test-a").label("ttl", "1h");
    private static final Obj APPLIED = WAITING.copy().annotation(ProductKeys.BASELINE, "applied");

    private static Req pod() {
        return request("CREATE", "pods").in("test-a").object(object("v1", "Pod", "test-a", "runner"));
    }

    @Test
    void refusesAPodInACiNamespaceWhoseBaselineIsNotAppliedYet() {
        Verdict verdict = Fixtures.validate(pod(), POLICY, cluster(WAITING), Fixtures.NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith(PodBaselineRule.NOT_APPLIED).contains("test-a");
    }

    @Test
    void quotesWhatTheBaselineWaitsForWhenTheReconcilerSaysIt() {
        Obj missing = WAITING.copy().annotation(ProductKeys.BASELINE_REASON, "image pull secret ci-secrets/regcred not found");

        Verdict verdict = Fixtures.validate(pod(), POLICY, cluster(missing), Fixtures.NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith(PodBaselineRule.NOT_APPLIED)
                .contains("waiting: image pull secret ci-secrets/regcred not found");
    }

    @Test
    void refusesDryRunPodsTheSameWay() {
        assertThat(Fixtures.validate(pod().dryRun(), POLICY, cluster(WAITING), Fixtures.NOW).allowed()).isFalse();
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("the baseline is applied", pod(), POLICY, cluster(APPLIED)),
                Arguments.of("the namespace terminates", pod(), POLICY, cluster(WAITING.copy().deleting(NOW))),
                Arguments.of("strict mode is off", pod(), policy(SETTINGS, 0, false), cluster(WAITING)),
                Arguments.of("it is a pod update", request("UPDATE", "pods").in("test-a")
                        .old(object("v1", "Pod", "test-a", "runner")).object(object("v1", "Pod", "test-a", "runner")),
                        POLICY, cluster(WAITING)));
    }

    @ParameterizedTest(name = "allows a pod when {0}")
    @MethodSource("allowed")
    void allowsPodsOtherwise(String what, Req request, Policy policy, ClusterView cluster) {
        assertThat(Fixtures.validate(request, policy, cluster, Fixtures.NOW).allowed()).isTrue();
    }

    /** Pods come only from namespaces labelled managed=true (the chart's namespaceSelector): the cache lags. */
    @ParameterizedTest(name = "refuses a pod with retry when the synced cache {0}")
    @MethodSource("io.ephemeralns.webhook.rules.Fixtures#laggingCaches")
    void refusesAPodRightAfterTheNamespaceBecameCiUntilTheCacheHasSeenIt(String what, ClusterView cluster) {
        Verdict verdict = Fixtures.validate(pod(), POLICY, cluster, Fixtures.NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith(PodBaselineRule.NOT_APPLIED).contains("test-a", "a moment ago");
    }

    @Test
    void allowsWithAWarningBeforeTheCacheHasSynced() {
        Verdict verdict = Fixtures.validate(pod(), POLICY, ClusterView.UNKNOWN, Fixtures.NOW);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().asString().contains("could not check", "test-a");
    }
}
