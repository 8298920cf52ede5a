package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.applyPatch;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.labels;
import static io.ephemeralns.webhook.rules.Fixtures.mutate;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static io.ephemeralns.webhook.rules.Fixtures.object;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerNamespaceStampTest {

    static final String OWNER = "ephemeral-ns.io/owner-namespace";
    static final String CI_SA = "system:serviceaccount:ci-1:deployer";
    /** ci-1: admitted; ci-new: CI labels, not admitted yet; ci-going: terminating; team: not CI; kube-system. */
    static final ClusterView CLUSTER = cluster(ci("ci-1").label("ephemeral-ns.io/managed", "true"), ci("ci-new"),
            ci("ci-going").label("ephemeral-ns.io/managed", "true").deleting(NOW), ns("team"),
            ns("kube-system").label("ephemeral-ns.io/managed", "true"));

    static Fixtures.Req role(String user, Fixtures.Obj role) {
        return request("CREATE", "clusterroles").group("rbac.authorization.k8s.io").by(user).object(role);
    }

    static Fixtures.Obj clusterRole() {
        return object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "test-reader");
    }

    @Test
    void aCiNamespacesServiceAccountsClusterRoleIsLabelledWithItsNamespace() {
        Fixtures.Req request = role(CI_SA, clusterRole());
        Verdict verdict = mutate(request, SETTINGS, CLUSTER, NOW);
        assertThat(verdict.allowed()).isTrue();
        assertThat(labels(applyPatch(verdict, clusterRole().map()))).containsEntry(OWNER, "ci-1");
        assertThat(verdict.warnings()).singleElement().asString().contains("ClusterRole test-reader")
                .contains(OWNER + "=ci-1");
    }

    @Test
    void existingLabelsAreKeptAndTheOwnerAdded() {
        Fixtures.Obj labelled = clusterRole().label("app", "x");
        Verdict verdict = mutate(role(CI_SA, labelled), SETTINGS, CLUSTER, NOW);
        assertThat(labels(applyPatch(verdict, labelled.map()))).containsEntry("app", "x").containsEntry(OWNER, "ci-1");
    }

    static Stream<Arguments> unchanged() {
        return Stream.of(
                Arguments.of("a person", role("alice", clusterRole())),
                Arguments.of("a ServiceAccount of a namespace that is not CI", role("system:serviceaccount:team:x",
                        clusterRole())),
                Arguments.of("a ServiceAccount of a CI namespace not admitted yet",
                        role("system:serviceaccount:ci-new:x", clusterRole())),
                Arguments.of("a ServiceAccount of a terminating namespace", role("system:serviceaccount:ci-going:x",
                        clusterRole())),
                Arguments.of("a ServiceAccount of a protected namespace", role("system:serviceaccount:kube-system:x",
                        clusterRole())),
                Arguments.of("a ServiceAccount of a namespace the cache does not know",
                        role("system:serviceaccount:elsewhere:x", clusterRole())),
                Arguments.of("a malformed ServiceAccount name", role("system:serviceaccount:ci-1", clusterRole())),
                Arguments.of("an object that already names an owner (the admission policy judges it)",
                        role(CI_SA, clusterRole().label(OWNER, "ci-2"))),
                Arguments.of("an UPDATE", request("UPDATE", "clusterroles").group("rbac.authorization.k8s.io").by(CI_SA)
                        .object(clusterRole()).old(clusterRole())),
                Arguments.of("a namespaced object", request("CREATE", "roles").group("rbac.authorization.k8s.io")
                        .in("ci-1").by(CI_SA).object(object("rbac.authorization.k8s.io/v1", "Role", "ci-1", "r"))));
    }

    @ParameterizedTest(name = "{0}: allowed unchanged")
    @MethodSource("unchanged")
    void everythingElseIsAllowedUnchanged(String description, Fixtures.Req request) {
        Verdict verdict = mutate(request, SETTINGS, CLUSTER, NOW);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.patch()).isEmpty();
    }

    @Test
    void anUnsyncedCacheStampsNothing() {
        assertThat(mutate(role(CI_SA, clusterRole()), SETTINGS, NOW).patch()).isEmpty();
    }
}
