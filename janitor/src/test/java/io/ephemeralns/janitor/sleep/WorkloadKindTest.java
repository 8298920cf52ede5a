package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadKindTest {

    @ParameterizedTest(name = "{0} is {1} in a record")
    @CsvSource({"DEPLOYMENT, deployment", "STATEFULSET, statefulset"})
    void namesTheKindAsTheRecordDoes(WorkloadKind kind, String tag) {
        assertThat(kind.tag()).isEqualTo(tag);
    }
}
