package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadKindTest {

    @ParameterizedTest(name = "{0} is {1} in a record and {2} in apps/v1")
    @CsvSource({"DEPLOYMENT, deployment, deployments", "STATEFULSET, statefulset, statefulsets"})
    void namesTheKindAsTheRecordAndTheApiServerDo(WorkloadKind kind, String tag, String plural) {
        assertThat(kind.tag()).isEqualTo(tag);
        assertThat(kind.plural()).isEqualTo(plural);
    }
}
