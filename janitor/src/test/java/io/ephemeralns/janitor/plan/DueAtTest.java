package io.ephemeralns.janitor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When the pure planner says a namespace becomes due: the key of the event path's delay queue. */
class DueAtTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final SweepPlanner PLANNER = new SweepPlanner(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50));

    static Stream<Arguments> cases() {
        return Stream.of(
                row("the TTL label counts from creation", ci(Map.of("ttl", "1h"), Map.of()), T0.plus(hours(1))),
                row("keep=true holds it keep-for from creation when never stamped",
                        ci(Map.of("ttl", "1h", "keep", "true"), Map.of()), T0.plus(hours(24))),
                row("keep=true holds it keep-for from kept-at",
                        ci(Map.of("ttl", "1h", "keep", "true"), Map.of(ProductKeys.KEPT_AT, "2026-11-27T16:00:00Z")),
                        T0.plus(hours(30 + 24))),
                row("keep=true is bounded by max-lifetime",
                        ci(Map.of("ttl", "1h", "keep", "true"), Map.of(ProductKeys.KEPT_AT, "2026-12-30T10:00:00Z")),
                        T0.plus(Duration.ofDays(7))),
                row("keep=false is no keep", ci(Map.of("ttl", "1h", "keep", "false"), Map.of()), T0.plus(hours(1))),
                row("a long TTL is bounded by max-lifetime", ci(Map.of("ttl", "30d"), Map.of()), T0.plus(Duration.ofDays(7))),
                row("the webhook's expires-at stands in for a missing TTL",
                        ci(Map.of(), Map.of(ProductKeys.EXPIRES_AT, "2026-11-26T12:30:00Z")), T0.plus(Duration.ofMinutes(150))),
                row("without TTL the fallback TTL applies", ci(Map.of(), Map.of()), T0.plus(hours(24))),
                row("an expiry in the past is returned as it is (due now)", ci(Map.of("ttl", "1s"), Map.of()),
                        T0.plusSeconds(1)),
                row("a namespace out of scope is never due", view("team-a", "uid", Map.of("created-by", "human", "ttl", "1h"),
                        Optional.empty()), null),
                row("a protected namespace is never due", view("kube-system", "uid", managed(Map.of("ttl", "1h")),
                        Optional.empty()), null),
                row("a namespace without UID is never due", view("no-uid", null, managed(Map.of("ttl", "1h")),
                        Optional.empty()), null),
                row("a terminating namespace is never due again", view("going", "uid", managed(Map.of("ttl", "1h")),
                        Optional.of(T0.plus(hours(2)))), null),
                row("selector labels without the webhook's admission are never due",
                        view("unadmitted", "uid", Map.of("created-by", "ci-cd", "ttl", "1h"), Optional.empty()), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dueAtIsTheExpiryOfANamespaceTheJanitorWouldDelete(String description, NamespaceView namespace, Instant due) {
        assertThat(PLANNER.dueAt(namespace)).isEqualTo(Optional.ofNullable(due));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDeletionIsPlannedExactlyFromTheDueTimeOn(String description, NamespaceView namespace, Instant due) {
        if (due == null) {
            assertThat(PLANNER.deletion(namespace, T0.plus(Duration.ofDays(30)))).isEmpty();
            return;
        }
        assertThat(PLANNER.deletion(namespace, due.minusMillis(1))).isEmpty();
        assertThat(PLANNER.deletion(namespace, due)).get().extracting(Deletion::uid).isEqualTo(namespace.uid());
    }

    private static Arguments row(String description, NamespaceView namespace, Instant due) {
        return Arguments.of(description, namespace, due);
    }

    private static NamespaceView ci(Map<String, String> labels, Map<String, String> annotations) {
        return new NamespaceView("test-ns", "uid-1", Optional.of(T0), Optional.empty(), managed(labels), annotations);
    }

    private static NamespaceView view(String name, String uid, Map<String, String> labels, Optional<Instant> deleting) {
        return new NamespaceView(name, uid, Optional.of(T0), deleting, labels, Map.of());
    }

    private static Map<String, String> managed(Map<String, String> labels) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put("created-by", "ci-cd");
        all.put(ProductKeys.MANAGED, "true");
        return all;
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }
}
