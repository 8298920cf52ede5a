package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("created-by=ci-cd", "created-by=ci-cd", true),
                Arguments.of("created-by=ci-cd", "created-by=human", false),
                Arguments.of("created-by=ci-cd", "", false),
                Arguments.of("created-by==ci-cd", "created-by=ci-cd", true),
                Arguments.of("created-by!=human", "", true),
                Arguments.of("created-by!=human", "created-by=human", false),
                Arguments.of("ttl", "ttl=1h", true),
                Arguments.of("ttl", "", false),
                Arguments.of("!keep", "", true),
                Arguments.of("!keep", "keep=true", false),
                Arguments.of("env in (ci,test)", "env=test", true),
                Arguments.of("env in (ci,test)", "env=prod", false),
                Arguments.of("env notin (prod)", "env=ci", true),
                Arguments.of("env notin (prod)", "", true),
                Arguments.of("env notin (prod)", "env=prod", false),
                Arguments.of("created-by=ci-cd, team=a", "created-by=ci-cd,team=a", true),
                Arguments.of("created-by=ci-cd,team=a", "created-by=ci-cd", false),
                Arguments.of("example.com/owner=ci", "example.com/owner=ci", true));
    }

    @ParameterizedTest(name = "\"{0}\" against [{1}] is {2}")
    @MethodSource("cases")
    void matchesLabelsLikeTheApiServer(String selector, String labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
    }

    @Test
    void aNullLabelMapIsNoLabels() {
        assertThat(LabelSelector.parse("!keep").matches(null)).isTrue();
        assertThat(LabelSelector.parse("keep").matches(null)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", " ", "a=b,", "=b", "a=b c", "-a=b", "a in b", "bad key=x", "a=-b-"})
    void refusesMalformedSelectorsNamingTheAcceptedForms(String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid")
                .hasMessageContaining("e.g. created-by=ci-cd");
    }

    @Test
    void anEmptySelectorIsRefusedBecauseItWouldSelectEverything() {
        assertThatThrownBy(() -> LabelSelector.parse("")).hasMessageContaining("would select every namespace");
    }

    @Test
    void printsACanonicalFormTheApiServerAccepts() {
        assertThat(LabelSelector.parse(" created-by == ci-cd , env in (test, ci), !keep ").toString())
                .isEqualTo("created-by=ci-cd,env in (ci,test),!keep");
    }

    @Test
    void listsTheLabelsANamespaceMustCarry() {
        assertThat(LabelSelector.parse("created-by=ci-cd,team=a,!keep").requiredLabels())
                .containsExactly(Map.entry("created-by", "ci-cd"), Map.entry("team", "a"));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=", 2);
                labels.put(kv[0], kv[1]);
            }
        }
        return labels;
    }
}
