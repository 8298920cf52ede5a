package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineMarkTest {

    @ParameterizedTest(name = "{0} -> applied: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        applied | true
        pending | false
        Applied | false
        ''      | false
        """)
    void readsTheBaselineMarkOnlyAsTheExactValueApplied(String value, boolean applied) {
        NamespaceView namespace = new NamespaceView("test-a", "uid", Optional.empty(), Optional.empty(), Map.of(),
                Map.of(ProductKeys.BASELINE, value));
        assertThat(BaselineMark.isApplied(namespace)).isEqualTo(applied);
    }
}
