package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.EXEMPTIONS;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.cluster;
import static io.ephemeralns.webhook.rules.Fixtures.object;
import static io.ephemeralns.webhook.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import io.ephemeralns.webhook.rules.Fixtures.Req;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which rule the routing table gives a request, seen through verdicts only that rule gives. */
class RoutingTableTest {

    private static final Policy POLICY = new Policy(SETTINGS, EXEMPTIONS, 0, true, Set.of("default"),
            Set.of("ephemeral-ns-quota"));
    private static final Obj WAITING = ci("test-a").label("ttl", "1h");
    private static final Map<String, Object> MALFORMED = Map.of("metadata", Map.of("labels", "not a map"));

    static Stream<Arguments> validating() {
        Obj quota = object("v1", "ResourceQuota", "test-a", "ephemeral-ns-quota").label(ProductKeys.BASELINE_OBJECT, "true");
        return Stream.of(
                Arguments.of("a Namespace CREATE goes to the namespace rules", request("CREATE", "namespaces").object(ci("test-b")),
                        false),
                Arguments.of("namespaces/finalize goes to the namespace rules", request("UPDATE", "namespaces").sub("finalize")
                        .old(WAITING).object(WAITING.copy().annotation(ProductKeys.STUCK_REASON, "x")), false),
                Arguments.of("a Pod CREATE goes to strict mode", request("CREATE", "pods").in("test-a")
                        .object(object("v1", "Pod", "test-a", "runner")), false),
                Arguments.of("a Pod CREATE under a reserved name goes to strict mode only", request("CREATE", "pods").in("test-a")
                        .object(object("v1", "Pod", "test-a", "ephemeral-ns-quota")), false),
                Arguments.of("a Pod DELETE goes to the baseline guard", request("DELETE", "pods").in("test-a")
                        .old(object("v1", "Pod", "test-a", "x").label(ProductKeys.BASELINE_OBJECT, "true")), false),
                Arguments.of("another CREATE goes to the name reservation", request("CREATE", "resourcequotas").in("test-a")
                        .object(object("v1", "ResourceQuota", "test-a", "ephemeral-ns-quota")), false),
                Arguments.of("another DELETE goes to the baseline guard", request("DELETE", "resourcequotas").in("test-a").old(quota),
                        false),
                Arguments.of("a subresource of another object meets no rule and is not decoded",
                        request("UPDATE", "resourcequotas").sub("status").in("test-a").rawObject(MALFORMED), true),
                Arguments.of("a cluster-scoped object meets no rule", request("DELETE", "clusterroles").old(quota), true),
                Arguments.of("a CONNECT meets no rule", request("CONNECT", "pods").in("test-a"), true),
                Arguments.of("an unknown operation meets no rule", request("PATCH", "resourcequotas").in("test-a").old(quota), true),
                Arguments.of("a Namespace DELETE meets no rule", request("DELETE", "namespaces").old(WAITING), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validating")
    void routesEveryValidatingRequestToOneRule(String what, Req request, boolean allowed) {
        assertThat(Fixtures.validate(request, POLICY, cluster(WAITING), NOW).allowed()).isEqualTo(allowed);
    }

    static Stream<Arguments> mutating() {
        return Stream.of(
                Arguments.of("a Namespace CREATE is stamped", request("CREATE", "namespaces").object(ci("test-b").label("ttl", "1h")),
                        false),
                Arguments.of("namespaces/status is not mutated", request("UPDATE", "namespaces").sub("status").old(WAITING)
                        .object(WAITING.copy().label("ttl", "2h")), true),
                Arguments.of("a Pod is not mutated", request("CREATE", "pods").in("test-a").rawObject(MALFORMED), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutating")
    void mutatesNamespacesOnly(String what, Req request, boolean unchanged) {
        assertThat(Fixtures.mutate(request, SETTINGS, NOW).patch().isEmpty()).isEqualTo(unchanged);
    }
}
