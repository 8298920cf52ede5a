package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.EXEMPTIONS;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.WEBHOOK;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.object;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The baseline guard at CREATE: the baseline's names are reserved in CI namespaces. */
class BaselineNameReservationTest {

    private static final Policy POLICY = new Policy(SETTINGS, EXEMPTIONS, 0, true, Set.of("default"),
            Set.of("ephemeral-ns-quota", "ephemeral-ns-default-deny", "ephemeral-ns-janitor-access"));
    private static final Obj CI = ci("test-a").label("ttl", "1h");

    private static Req create(String group, String resource, String apiVersion, String kind, String name) {
        return request("CREATE", resource).group(group).in("test-a").object(object(apiVersion, kind, "test-a", name));
    }

    private static Req createPolicy(String name) {
        return create("networking.k8s.io", "networkpolicies", "networking.k8s.io/v1", "NetworkPolicy", name);
    }

    @ParameterizedTest(name = "{3} {4} is refused")
    @CsvSource({
        "networking.k8s.io, networkpolicies, networking.k8s.io/v1, NetworkPolicy, ephemeral-ns-default-deny, default-deny",
        "'', resourcequotas, v1, ResourceQuota, ephemeral-ns-quota, quota",
        "rbac.authorization.k8s.io, rolebindings, rbac.authorization.k8s.io/v1, RoleBinding, ephemeral-ns-janitor-access, janitor-access"})
    void refusesCreatingAnObjectUnderABaselineNameInACiNamespace(String group, String resource, String apiVersion,
            String kind, String name, String suggestion) {
        Verdict verdict = Fixtures.validate(create(group, resource, apiVersion, kind, name), POLICY, cluster(CI), NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains(kind + " " + name, "test-a", "reserved by ephemeral-ns",
                "pick another name, e.g. " + suggestion);
    }

    @ParameterizedTest(name = "refused without labels too: {0}")
    @CsvSource({"unlabelled", "labelled"})
    void judgesByTheNameNotByTheLabels(String labels) {
        Obj policy = object("networking.k8s.io/v1", "NetworkPolicy", "test-a", "ephemeral-ns-default-deny");
        if ("labelled".equals(labels)) {
            policy.label("ephemeral-ns.io/baseline", "true");
        }
        Req request = request("CREATE", "networkpolicies").group("networking.k8s.io").in("test-a").object(policy);

        assertThat(Fixtures.validate(request, POLICY, cluster(CI), NOW).allowed()).isFalse();
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("another name", createPolicy("default-deny-all"), cluster(CI)),
                Arguments.of("the reconciler", createPolicy("ephemeral-ns-default-deny").by(WEBHOOK), cluster(CI)),
                Arguments.of("a cluster administrator", createPolicy("ephemeral-ns-default-deny").by("admin", "system:masters"),
                        cluster(CI)),
                Arguments.of("a terminating namespace", createPolicy("ephemeral-ns-default-deny"), cluster(CI.copy().deleting(NOW))));
    }

    @ParameterizedTest(name = "allows {0}")
    @MethodSource("allowed")
    void allowsCreatesThatDoNotTakeABaselineName(String what, Req request, ClusterView cluster) {
        assertThat(Fixtures.validate(request, POLICY, cluster, NOW).allowed()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void refusesWithRetryWhenTheSyncedCacheDoesNotKnowTheNamespaceAsCiYet() {
        Verdict verdict = Fixtures.validate(createPolicy("ephemeral-ns-default-deny"), POLICY, cluster(ns("test-a")), NOW);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("ephemeral-ns-default-deny", "test-a", "a moment ago", "retry");
    }

    @org.junit.jupiter.api.Test
    void allowsWithAWarningBeforeTheCacheHasSynced() {
        Verdict verdict = Fixtures.validate(createPolicy("ephemeral-ns-default-deny"), POLICY, ClusterView.UNKNOWN, NOW);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().asString().contains("guard skipped", "test-a");
    }
}
