package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which namespace events queue a reconcile; a namespace is written as words: ci, applied, profile=NAME, terminating. */
class BaselineTriggersTest {

    private static final CiSettings SETTINGS = CiSettings.defaults("ephemeral-ns");

    private static NamespaceView namespace(String words) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        Optional<Instant> deleting = Optional.empty();
        for (String word : words.trim().split(" +")) {
            if (word.equals("ci")) {
                labels.put("created-by", "ci-cd");
            } else if (word.equals("applied")) {
                annotations.put(ProductKeys.BASELINE, "applied");
            } else if (word.startsWith("profile=")) {
                labels.put(ProductKeys.PROFILE, word.substring("profile=".length()));
            } else if (word.equals("terminating")) {
                deleting = Optional.of(Instant.parse("2026-11-26T10:00:00Z"));
            }
        }
        return new NamespaceView("test-a", "uid", Optional.empty(), deleting, labels, annotations);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        a CI namespace without its baseline waits for it | ci             | true
        a marked one waits for the leader's resync       | ci applied     | false
        a namespace that is not CI is left alone         | plain          | false
        a terminating one is left alone                  | ci terminating | false
        """)
    void queuesANewNamespaceOnlyWhenItLacksItsBaseline(String rule, String added, boolean queued) {
        assertThat(BaselineTriggers.queuesAdded(SETTINGS, namespace(added))).isEqualTo(queued);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
        became CI                               | plain                    | ci                       | true
        became CI, carrying the mark already    | applied                  | ci applied               | true
        lost its mark                           | ci applied               | ci                       | true
        changed profile                         | ci applied profile=small | ci applied               | true
        nothing the baseline depends on changed | ci applied profile=small | ci applied profile=small | false
        not marked yet, still CI                | ci                       | ci profile=other         | true
        stopped being CI                        | ci applied               | applied                  | false
        started terminating                     | ci                       | ci terminating           | false
        """)
    void queuesAChangedNamespaceWhenItsBaselineMayNoLongerHold(String rule, String before, String after, boolean queued) {
        assertThat(BaselineTriggers.queuesUpdated(SETTINGS, namespace(before), namespace(after))).isEqualTo(queued);
    }
}
