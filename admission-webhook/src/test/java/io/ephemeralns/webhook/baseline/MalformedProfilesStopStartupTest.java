package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The program, started with a malformed profiles file, stops at once and says which file, document and why. */
@QuarkusMainTest
@TestProfile(MalformedProfilesStopStartupTest.BrokenProfiles.class)
class MalformedProfilesStopStartupTest {

    static final String FILE = Path.of("src/test/resources/broken-profiles.yaml").toAbsolutePath().toString();

    public static class BrokenProfiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhook.profiles-file", FILE,
                    "quarkus.kubernetes-client.api-server-url", "https://127.0.0.1:1");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void stopsAtStartupNamingTheFileTheDocumentAndTheReason(LaunchResult result) {
        assertThat(result.getErrorOutput() + result.getOutput())
                .contains(FILE)
                .contains("compute-limits")
                .contains("ephemeral-ns-");
    }
}
