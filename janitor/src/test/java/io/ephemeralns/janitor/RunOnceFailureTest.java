package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code janitor.run-once=true} with an unreachable API server: the sweep fails and the exit code says so. */
@QuarkusMainTest
@TestProfile(RunOnceFailureTest.Unreachable.class)
class RunOnceFailureTest {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "janitor.run-once", "true",
                    "quarkus.kubernetes-client.api-server-url", "https://127.0.0.1:1",
                    "quarkus.kubernetes-client.request-retry-backoff-limit", "0");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void exitsNonZeroWhenTheSweepFails(LaunchResult result) {
        assertThat(result.getErrorOutput() + result.getOutput()).contains("sweep failed: cannot list namespaces");
    }
}
