package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerLogsTest {

    private static Map<String, Object> pod(String name, Map<String, Object> spec, Map<String, Object> status) {
        return Map.of("metadata", Map.of("name", name), "spec", spec, "status", status);
    }

    @Test
    void everyContainerOfEveryPodHasItsLog() {
        Map<String, Object> pods = Map.of("items", List.of(
                pod("web", Map.of("initContainers", List.of(Map.of("name", "migrate")),
                        "containers", List.of(Map.of("name", "app"), Map.of("name", "sidecar"))), Map.of()),
                pod("db", Map.of("containers", List.of(Map.of("name", "postgres"))), Map.of())));
        assertThat(ContainerLogs.of(pods)).extracting(ContainerLogs.Log::entry).containsExactly(
                "logs/web/migrate.log", "logs/web/app.log", "logs/web/sidecar.log", "logs/db/postgres.log");
    }

    @Test
    void aRestartedContainersPreviousLogIsReadToo() {
        Map<String, Object> pods = Map.of("items", List.of(pod("crash",
                Map.of("containers", List.of(Map.of("name", "app"), Map.of("name", "ok"))),
                Map.of("containerStatuses", List.of(Map.of("name", "app", "restartCount", 3),
                        Map.of("name", "ok", "restartCount", 0))))));
        assertThat(ContainerLogs.of(pods)).containsExactly(new ContainerLogs.Log("crash", "app", false),
                new ContainerLogs.Log("crash", "app", true), new ContainerLogs.Log("crash", "ok", false));
        assertThat(new ContainerLogs.Log("crash", "app", true).entry()).isEqualTo("logs/crash/app.previous.log");
    }

    @Test
    void aPodWithoutANameOrSpecIsSkipped() {
        Map<String, Object> pods = Map.of("items", List.of(Map.of("spec", Map.of("containers", List.of(Map.of("name", "x")))),
                Map.of("metadata", Map.of("name", "bare"))));
        assertThat(ContainerLogs.of(pods)).isEmpty();
    }

    @Test
    void anEmptyListHasNoLogs() {
        assertThat(ContainerLogs.of(Map.of())).isEmpty();
    }
}
