package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.JANITOR;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.POLICY;
import static io.ephemeralns.webhook.rules.Fixtures.WEBHOOK;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.object;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaselineGuardTest {

    private static final Obj CI = ci("test-a").label("ttl", "1h");
    private static final Obj QUOTA = object("v1", "ResourceQuota", "test-a", "ephemeral-ns-quota")
            .label(ProductKeys.BASELINE_OBJECT, "true").label(ProductKeys.MANAGED_BY, "ephemeral-ns");

    private static Req on(String operation, Obj old) {
        Req request = request(operation, "resourcequotas").in("test-a").old(old);
        return "UPDATE".equals(operation) ? request.object(old.copy().label("edited", "yes")) : request;
    }

    private static Verdict guard(Req request, ClusterView cluster) {
        return Fixtures.validate(request, POLICY, cluster, Fixtures.NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "UPDATE"})
    void refusesChangesToBaselineObjectsInACiNamespace(String operation) {
        Verdict verdict = guard(on(operation, QUOTA), cluster(CI));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("ResourceQuota ephemeral-ns-quota", "test-a", "isolation baseline",
                ProductKeys.BASELINE_OBJECT + "=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "UPDATE"})
    void judgesByTheOldObjectSoRemovingTheLabelIsRefusedToo(String operation) {
        Obj unlabelled = QUOTA.copy();
        unlabelled.labels.remove(ProductKeys.BASELINE_OBJECT);
        Req request = request("UPDATE", "resourcequotas").in("test-a").old(QUOTA).object(unlabelled);
        assertThat(guard(request, cluster(CI)).allowed()).isFalse();
    }

    static Stream<Arguments> allowed() {
        Obj plainQuota = object("v1", "ResourceQuota", "test-a", "compute-quota");
        return Stream.of(
                Arguments.of("the janitor", on("DELETE", QUOTA).by(JANITOR), cluster(CI)),
                Arguments.of("the reconciler's service account", on("UPDATE", QUOTA).by(WEBHOOK), cluster(CI)),
                Arguments.of("the namespace controller", on("DELETE", QUOTA).by(Exemptions.NAMESPACE_CONTROLLER), cluster(CI)),
                Arguments.of("a cluster administrator", on("DELETE", QUOTA).by("admin", "system:masters"), cluster(CI)),
                Arguments.of("anyone while the namespace terminates", on("DELETE", QUOTA), cluster(CI.copy().deleting(NOW))),
                Arguments.of("the pipeline's own objects", on("DELETE", plainQuota), cluster(CI)),
                Arguments.of("a status update", on("UPDATE", QUOTA).sub("status"), cluster(CI)),
                Arguments.of("a create", request("CREATE", "resourcequotas").in("test-a").object(QUOTA), cluster(CI)));
    }

    @ParameterizedTest(name = "allows {0}")
    @MethodSource("allowed")
    void allowsWhatTheGuardDoesNotProtect(String what, Req request, ClusterView cluster) {
        assertThat(guard(request, cluster).allowed()).isTrue();
    }

    @ParameterizedTest(name = "refuses with retry when the synced cache {0}: it lags behind the API server")
    @MethodSource("io.ephemeralns.webhook.rules.Fixtures#laggingCaches")
    void refusesWithRetryWhenTheSyncedCacheDoesNotKnowTheNamespaceAsCiYet(String what, ClusterView cluster) {
        Verdict verdict = guard(on("DELETE", QUOTA), cluster);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("ResourceQuota ephemeral-ns-quota", "test-a", "a moment ago", "retry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "UPDATE"})
    void allowsWithAWarningBeforeTheCacheHasSynced(String operation) {
        Verdict verdict = guard(on(operation, QUOTA), ClusterView.UNKNOWN);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().asString().contains("guard skipped", "test-a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"networkpolicies", "limitranges"})
    void guardsEveryKindByItsLabel(String resource) {
        Obj policy = object("networking.k8s.io/v1", "NetworkPolicy", "test-a", "ephemeral-ns-default-deny")
                .label(ProductKeys.BASELINE_OBJECT, "true");
        Req request = request("DELETE", resource).group("networking.k8s.io").in("test-a").old(policy).dryRun();
        assertThat(guard(request, cluster(CI)).allowed()).isFalse();
    }
}
