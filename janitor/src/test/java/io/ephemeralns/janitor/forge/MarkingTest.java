package io.ephemeralns.janitor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkingTest {

    private static final CiSettings SETTINGS = CiSettings.builder().ownNamespace(Optional.of("ephemeral-ns")).build();
    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant AT = Instant.parse("2026-11-30T12:05:00Z");
    private static final Ending PR_42 = new Ending("octo-org/api", Ending.Kind.PULL_REQUEST, "42");
    private static final Map<String, String> CI = Map.of("created-by", "ci-cd", ProductKeys.MANAGED, "true",
            "repository", "octo-org.api", "pull-request", "42");

    private static NamespaceView namespace(String name, Map<String, String> labels, Map<String, String> annotations,
            Instant deleting) {
        return new NamespaceView(name, "uid-" + name, Optional.of(CREATED), Optional.ofNullable(deleting), labels,
                annotations);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> map = new HashMap<>(base);
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
        return map;
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("an admitted CI namespace of the pull request is marked",
                        namespace("test-a", CI, Map.of(), null), Marking.Verdict.MARK),
                Arguments.of("a kept namespace is marked too (keep wins in the expiry rule)",
                        namespace("test-a", with(CI, "keep", "true"), Map.of(), null), Marking.Verdict.MARK),
                Arguments.of("another pull request is not marked",
                        namespace("test-a", with(CI, "pull-request", "43"), Map.of(), null), Marking.Verdict.OTHER_LABELS),
                Arguments.of("another repository is not marked",
                        namespace("test-a", with(CI, "repository", "octo-org.web"), Map.of(), null),
                        Marking.Verdict.OTHER_LABELS),
                Arguments.of("a namespace without repository label is not marked",
                        namespace("test-a", with(CI, "repository", null), Map.of(), null), Marking.Verdict.OTHER_LABELS),
                Arguments.of("a namespace the webhook did not admit is out of scope",
                        namespace("test-a", with(CI, ProductKeys.MANAGED, null), Map.of(), null),
                        Marking.Verdict.OUT_OF_SCOPE),
                Arguments.of("a namespace outside the selector is out of scope",
                        namespace("test-a", Map.of("repository", "octo-org.api", "pull-request", "42"), Map.of(), null),
                        Marking.Verdict.OUT_OF_SCOPE),
                Arguments.of("a protected namespace is out of scope whatever its labels",
                        namespace("kube-system", CI, Map.of(), null), Marking.Verdict.OUT_OF_SCOPE),
                Arguments.of("a terminating namespace is left to its deletion",
                        namespace("test-a", CI, Map.of(ProductKeys.ADMITTED_AT, "2026-11-30T10:00:00Z"), AT),
                        Marking.Verdict.TERMINATING),
                Arguments.of("an earlier teardown is never postponed",
                        namespace("test-a", CI, Map.of(ProductKeys.TEARDOWN_AT, "2026-11-30T12:00:00Z"), null),
                        Marking.Verdict.ALREADY_MARKED),
                Arguments.of("a later teardown is brought forward",
                        namespace("test-a", CI, Map.of(ProductKeys.TEARDOWN_AT, "2026-11-30T13:00:00Z"), null),
                        Marking.Verdict.MARK),
                Arguments.of("an unreadable teardown-at is replaced",
                        namespace("test-a", CI, Map.of(ProductKeys.TEARDOWN_AT, "soon"), null), Marking.Verdict.MARK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void decidesWhichNamespacesAreMarked(String behaviour, NamespaceView namespace, Marking.Verdict verdict) {
        assertThat(Marking.of(namespace, PR_42, AT, SETTINGS, true)).isEqualTo(verdict);
    }
}
