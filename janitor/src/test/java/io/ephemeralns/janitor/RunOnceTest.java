package io.ephemeralns.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code janitor.run-once=true}: one sweep, then exit 0 (the CronJob mode). */
@QuarkusMainTest
@TestProfile(RunOnceTest.RunOnce.class)
@WithKubernetesTestServer
class RunOnceTest {

    public static class RunOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("janitor.run-once", "true");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 0)
    void runsOneSweepAndExitsZero(LaunchResult result) {
        assertThat(result.getOutput()).contains("sweep: 0 CI namespaces");
    }
}
