package io.ephemeralns.janitor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether the janitor warns of a namespace's deletion now: a pure function of the namespace, warn-before and now. */
class WarningTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    /** Every namespace below (ttl 1h) is deleted at DUE unless a row says otherwise. */
    private static final Instant DUE = T0.plus(Duration.ofHours(1));
    private static final Duration BEFORE = Duration.ofMinutes(15);
    private static final SweepPlanner PLANNER = new SweepPlanner(CiSettings.defaults("ephemeral-ns"),
            new SweepPolicy(Duration.ofMinutes(15), 50));

    static Stream<Arguments> cases() {
        return Stream.of(
                row("inside the window, never warned: warn", ci(Map.of(), Map.of()), BEFORE, DUE.minusSeconds(60), true),
                row("exactly at the window's start: warn", ci(Map.of(), Map.of()), BEFORE, DUE.minus(BEFORE), true),
                row("before the window: not yet", ci(Map.of(), Map.of()), BEFORE, DUE.minus(BEFORE).minusSeconds(1), false),
                row("at the deletion time: the deletion itself comes, no warning", ci(Map.of(), Map.of()), BEFORE, DUE, false),
                row("warnings off (0): never", ci(Map.of(), Map.of()), Duration.ZERO, DUE.minusSeconds(60), false),
                row("already warned of this deletion time: not again",
                        ci(Map.of(), Map.of(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T11:00:00Z")), BEFORE,
                        DUE.minusSeconds(60), false),
                row("warned of an earlier deletion time (since extended): warn again",
                        ci(Map.of(), Map.of(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T10:30:00Z")), BEFORE,
                        DUE.minusSeconds(60), true),
                row("a malformed annotation counts as no warning: warn (and overwrite it)",
                        ci(Map.of(), Map.of(ProductKeys.DELETION_PLANNED_AT, "tomorrow")), BEFORE, DUE.minusSeconds(60), true),
                row("kept: its deletion is a day away, no warning", ci(Map.of("keep", "true"), Map.of()), BEFORE,
                        DUE.minusSeconds(60), false),
                row("terminating: no warning", new NamespaceView("test-ns", "uid-1", Optional.of(T0),
                        Optional.of(DUE.minusSeconds(120)), managed(Map.of()), Map.of()), BEFORE, DUE.minusSeconds(60), false),
                row("not admitted by the webhook: no warning", new NamespaceView("test-ns", "uid-1", Optional.of(T0),
                        Optional.empty(), Map.of("created-by", "ci-cd", "ttl", "1h"), Map.of()), BEFORE, DUE.minusSeconds(60),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void warnsOncePerDeletionTimeWithinTheWindow(String description, NamespaceView namespace, Duration before, Instant now,
            boolean warns) {
        assertThat(PLANNER.warning(namespace, before, now).isPresent()).isEqualTo(warns);
    }

    @Test
    void theWarningNamesTheDeletionTimeTheReasonAndThePipelineLabels() {
        NamespaceView namespace = ci(Map.of("branch", "feature-x", "pull-request", "42"), Map.of());
        Warning warning = PLANNER.warning(namespace, BEFORE, DUE.minusSeconds(60)).orElseThrow();
        assertThat(warning.deletionAt()).isEqualTo(DUE);
        assertThat(warning.reason()).isEqualTo("ttl");
        assertThat(warning.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("branch", "feature-x", "pull-request", "42"));
        assertThat(warning.message("keep")).contains("2026-11-26T11:00:00Z", "kubectl label namespace test-ns keep=true",
                "kubectl annotate namespace test-ns ephemeral-ns.io/extend=4h");
    }

    @Test
    void theWarningIsKeyedBeforeTheDeletionTimeAndNotAtAllOnceGiven() {
        assertThat(PLANNER.warnAt(ci(Map.of(), Map.of()), BEFORE)).contains(DUE.minus(BEFORE));
        assertThat(PLANNER.warnAt(ci(Map.of(), Map.of(ProductKeys.DELETION_PLANNED_AT, "2026-11-26T11:00:00Z")), BEFORE))
                .isEmpty();
    }

    private static Arguments row(String description, NamespaceView namespace, Duration before, Instant now, boolean warns) {
        return Arguments.of(description, namespace, before, now, warns);
    }

    private static NamespaceView ci(Map<String, String> labels, Map<String, String> annotations) {
        return new NamespaceView("test-ns", "uid-1", Optional.of(T0), Optional.empty(), managed(labels), annotations);
    }

    private static Map<String, String> managed(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("created-by", "ci-cd");
        all.put("ttl", "1h");
        all.put(ProductKeys.MANAGED, "true");
        return all;
    }
}
