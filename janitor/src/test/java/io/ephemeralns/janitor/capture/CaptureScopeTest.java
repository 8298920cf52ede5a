package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureScopeTest {

    @ParameterizedTest(name = "keep={0} capture={1} -> {2}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            true  | -     | KEPT
            true  | yes   | KEPT
            true  | false | KEPT
            -     | true  | ASKED
            false | true  | ASKED
            -     | -     | NOT_ASKED
            -     | false | NOT_ASKED
            false | -     | NOT_ASKED
            -     | yes   | MALFORMED
            -     | True  | MALFORMED
            -     | ''    | MALFORMED
            TRUE  | -     | NOT_ASKED
            """)
    void decidesFromKeepAndTheCaptureLabel(String keep, String capture, CaptureScope.Decision expected) {
        Map<String, String> labels = new HashMap<>();
        if (keep != null) {
            labels.put("keep", keep);
        }
        if (capture != null) {
            labels.put(CaptureScope.LABEL, capture);
        }
        assertThat(CaptureScope.decide(labels, "keep")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} captures: {1}")
    @CsvSource({"KEPT, true", "ASKED, true", "NOT_ASKED, false", "MALFORMED, false"})
    void onlyKeptAndAskedNamespacesAreCaptured(CaptureScope.Decision decision, boolean captures) {
        assertThat(decision.captures()).isEqualTo(captures);
    }

    @ParameterizedTest(name = "the keep label''s key is configurable: {0}")
    @CsvSource({"preserve"})
    void theKeepLabelIsTheConfiguredOne(String keepLabel) {
        assertThat(CaptureScope.decide(Map.of(keepLabel, "true"), keepLabel)).isEqualTo(CaptureScope.Decision.KEPT);
        assertThat(CaptureScope.decide(Map.of("keep", "true"), keepLabel)).isEqualTo(CaptureScope.Decision.NOT_ASKED);
    }
}
