package io.ephemeralns.webhook.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ephemeral-ns.io/expires-at, ephemeral-ns.io~1expires-at",
        "a~b, a~0b",
        "a~/b, a~0~1b",
        "~1, ~01",
        "plain, plain"})
    void escapesJsonPointerTokensTildeFirst(String key, String escaped) {
        assertThat(JsonPatch.escape(key)).isEqualTo(escaped);
    }

    @Test
    void producesNoOperationWhenEveryValueIsAlreadySet() {
        assertThat(JsonPatch.setEntries(true, "labels", Map.of("a", "1"), Map.of("a", "1"))).isEmpty();
    }

    @Test
    void createsMetadataWhenTheObjectHasNone() {
        assertThat(JsonPatch.setEntries(false, "labels", null, Map.of("a/b", "1")))
                .extracting(op -> op.get("path")).containsExactly("/metadata", "/metadata/labels");
    }

    @Test
    void replacesAChangedValueWithAdd() {
        assertThat(JsonPatch.setEntries(true, "annotations", Map.of("k/x", "old"), Map.of("k/x", "new")))
                .containsExactly(Map.of("op", "add", "path", "/metadata/annotations/k~1x", "value", "new"));
    }

    @Test
    void syncRemovesEntriesUnderThePrefixThatAreNotWantedAndLeavesTheOthersAlone() {
        Map<String, String> current = Map.of("p/keep", "1", "p/drop", "x", "team", "a");

        assertThat(JsonPatch.syncEntries(true, "labels", current, "p/", Map.of("p/keep", "1", "p/new", "2")))
                .containsExactly(Map.of("op", "add", "path", "/metadata/labels/p~1new", "value", "2"),
                        Map.of("op", "remove", "path", "/metadata/labels/p~1drop"));
    }

    @Test
    void syncOfAnAbsentMapAddsTheWantedEntriesWhole() {
        assertThat(JsonPatch.syncEntries(true, "annotations", null, "p/", Map.of("p/a", "1")))
                .containsExactly(Map.of("op", "add", "path", "/metadata/annotations", "value", Map.of("p/a", "1")));
    }
}
