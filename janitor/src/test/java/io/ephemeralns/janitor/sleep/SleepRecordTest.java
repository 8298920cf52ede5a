package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SleepRecordTest {

    @Test
    void formatsAndReadsBackTheSavedCounts() {
        SleepRecord record = SleepRecord.of(List.of(
                new Workload(WorkloadKind.DEPLOYMENT, "web", "1", 3, Optional.of(Instant.EPOCH), null),
                new Workload(WorkloadKind.STATEFULSET, "db.primary", "1", 1, Optional.of(Instant.EPOCH), null)));

        assertThat(record.format()).isEqualTo("deployment/web=3,statefulset/db.primary=1");
        assertThat(SleepRecord.parse(record.format()).saved())
                .containsExactly(Map.entry("deployment/web", 3), Map.entry("statefulset/db.primary", 1));
    }

    @ParameterizedTest(name = "\"{0}\" is left out and named")
    @ValueSource(strings = {"deployment/web", "deployment/web=-1", "deployment/web=1e3", "daemonset/x=1",
            "deployment/Web=1", "deployment/web=9999999999", "=3"})
    void aMalformedEntryIsLeftOutAndNamed(String entry) {
        SleepRecord record = SleepRecord.parse("statefulset/db=1," + entry);

        assertThat(record.saved()).containsOnlyKeys("statefulset/db");
        assertThat(record.problems()).containsExactly("entry \"" + entry + "\" is not kind/name=count (e.g. deployment/web=3)");
    }

    @Test
    void absentReadsAsEmpty() {
        assertThat(SleepRecord.parse(null).saved()).isEmpty();
        assertThat(SleepRecord.parse(" ").problems()).isEmpty();
    }
}
