package io.ephemeralns.janitor.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastChangeTest {

    private static ManagedFieldsEntry entry(String manager, String subresource, String time) {
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation("Update").withSubresource(subresource)
                .withTime(time).build();
    }

    private static ObjectMeta meta(String created, ManagedFieldsEntry... entries) {
        return new ObjectMetaBuilder().withName("web").withCreationTimestamp(created).withManagedFields(List.of(entries)).build();
    }

    @Test
    void isTheLatestEntryOfTheObjectOrItsScale() {
        ObjectMeta meta = meta("2026-11-30T08:00:00Z", entry("kubectl-client-side-apply", null, "2026-11-30T08:00:00Z"),
                entry("kubectl", "scale", "2026-11-30T10:00:00Z"), entry("pipeline", "", "2026-11-30T09:00:00Z"));

        assertThat(LastChange.of(meta)).contains(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void theControllersStatusWritesAreNoChange() {
        ObjectMeta meta = meta("2026-11-30T08:00:00Z", entry("kubectl", null, "2026-11-30T08:00:00Z"),
                entry("kube-controller-manager", "status", "2026-11-30T11:00:00Z"));

        assertThat(LastChange.of(meta)).contains(Instant.parse("2026-11-30T08:00:00Z"));
    }

    @Test
    void aCreationLaterThanEveryEntryWins() {
        ObjectMeta meta = meta("2026-11-30T09:00:00Z", entry("kubectl", null, "2026-11-30T08:00:00Z"));

        assertThat(LastChange.of(meta)).contains(Instant.parse("2026-11-30T09:00:00Z"));
    }

    @Test
    void withoutATimedEntryTheChangeTimeIsUnknown() {
        assertThat(LastChange.of(meta("2026-11-30T08:00:00Z"))).isEmpty();
        assertThat(LastChange.of(meta("2026-11-30T08:00:00Z", entry("kubectl", null, "not a time"),
                entry("kube-controller-manager", "status", "2026-11-30T11:00:00Z")))).isEmpty();
        assertThat(LastChange.of(null)).isEmpty();
    }
}
