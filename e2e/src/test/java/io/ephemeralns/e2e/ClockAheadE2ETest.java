package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A janitor whose clock runs 20 hours ahead of the API server's (its process started with libfaketime preloaded, the
 * way a node with broken time synchronisation would run it) does nothing time-based: it measures the skew, says so,
 * and neither deletes, warns of a deletion, nor puts a kept namespace to sleep; each refusal is counted. Its
 * namespaces carry a label of their own ({@value #SCOPE}) that only this janitor selects, so nothing else it could
 * wrongly act on is in its reach; the shared janitor, on the right time, sees none of them due within the test.
 *
 * <p>Each namespace would be acted on at once by a janitor on the right time 20 hours later: {@code expired} (ttl 1h)
 * would be deleted; {@code due} (ttl 21h) is an hour before its deletion, inside {@code warn.before} (2h); {@code kept}
 * (kept for 1d) has a Deployment unchanged for longer than {@code sleep.after} (2s). The tests' window: the janitor's
 * refusals counted while it sweeps and checks every second (see {@link #aJanitorTwentyHoursAheadHasSweptAndChecked}).
 */
class ClockAheadE2ETest extends E2eTest {

    private static final String SCOPE = "e2e-clock=ahead";
    /** Where Debian's libfaketime puts its library ({@code e2e/scripts/install-prerequisites.sh} installs it). */
    private static final String LIBFAKETIME_GLOB = "/usr/lib/*/faketime/libfaketime.so.1";

    private static String expired;
    private static String due;
    private static String kept;
    private static ProgramProcess janitor;

    @BeforeAll
    static void aJanitorTwentyHoursAheadHasSweptAndChecked() {
        expired = Names.ciNamespace("ahead-expired");
        due = Names.ciNamespace("ahead-due");
        kept = Names.ciNamespace("ahead-kept");
        for (Map.Entry<String, String> namespace : Map.of(expired, "1h", due, "21h", kept, "1h").entrySet()) {
            pipeline.run("create", "namespace", namespace.getKey()).ok();
            pipeline.run("label", "namespace", namespace.getKey(), "created-by=ci-cd", "ttl=" + namespace.getValue(), SCOPE).ok();
        }
        pipeline.run("label", "namespace", kept, "keep=true").ok();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> "applied".equals(annotations(kept).get("ephemeral-ns.io/baseline")));
        pipeline.run("create", "deployment", "web", "-n", kept, "--image=registry.invalid/app:1", "--replicas=1").ok();

        // only the wall clock is shifted; without FORCE_MONOTONIC_FIX=0 the Debian build (0.9.10) turns the JVM's
        // timed waits (parkNanos, Object.wait) into busy loops that return at once (measured with Java 17 here)
        janitor = env.startJanitor(Map.of("ephemeral-ns.selector", "created-by=ci-cd," + SCOPE,
                "janitor.interval", "1s", "janitor.leader-election.enabled", "false", "janitor.warn.before", "2h",
                "janitor.sleep.after", "2s", "janitor.sleep.interval", "1s"), Map.of("LD_PRELOAD", libfaketime(),
                "FAKETIME", "+20h", "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        // about three refusals a second (the expired namespace's deletion and the due one's warning at each sweep, the
        // kept one's sleep at each check): twelve take several sweeps and checks, each of which would have acted
        janitor.awaitMetricsMatching(
                "ephemeral_ns_refused_actions_total\\{reason=\"clock_skew\"} (1[2-9]|[2-9][0-9]|[1-9][0-9]{2,})\\.0");
        janitor.awaitLogged("beyond janitor.max-clock-skew");
    }

    @AfterAll
    static void stopTheJanitorAndDeleteItsNamespaces() {
        if (janitor != null) {
            janitor.close();
        }
        for (String name : Stream.of(expired, due, kept).filter(name -> name != null).toList()) {
            admin.namespaces().withName(name).delete();
        }
    }

    @Test
    void theJanitorMeasuresItsClockTwentyHoursAheadAndSaysNothingTimeBasedIsDone() {
        Matcher skew = Pattern.compile("ephemeral_ns_clock_skew_seconds ([0-9.E]+)").matcher(janitor.get("/q/metrics"));

        assertThat(skew.find()).as("the skew gauge is exported").isTrue();
        assertThat(Double.parseDouble(skew.group(1))).isBetween(20 * 3600.0 - 60, 20 * 3600.0 + 60);
        assertThat(janitor.log()).contains("no deletion, repair, reclaim, warning or sleep until it is trusted again");
    }

    @Test
    void anExpiredNamespaceIsNotDeleted() {
        assertThat(terminatingOrGone(expired)).isFalse();
        assertThat(janitor.log()).doesNotContain("deleted namespace " + expired);
    }

    @Test
    void aNamespaceWithinTheWarningWindowIsNotWarned() {
        assertThat(annotations(due)).doesNotContainKey("ephemeral-ns.io/deletion-planned-at");
        assertThat(events(due, "ExpiringSoon")).isEmpty();
    }

    @Test
    void aKeptNamespaceIsNotPutToSleep() {
        assertThat(annotations(kept)).doesNotContainKeys("ephemeral-ns.io/slept-at", "ephemeral-ns.io/sleep-replicas");
        assertThat(admin.apps().deployments().inNamespace(kept).withName("web").get().getSpec().getReplicas()).isEqualTo(1);
        assertThat(events(kept, "Slept")).isEmpty();
    }

    /** The library's path on this machine; a missing one fails the class with what to install. */
    private static String libfaketime() {
        Path lib = Path.of("/usr/lib");
        try (Stream<Path> dirs = Files.list(lib)) {
            List<Path> found = dirs.map(dir -> dir.resolve("faketime/libfaketime.so.1")).filter(Files::exists).toList();
            assertThat(found).as("%s (Debian package libfaketime: run e2e/scripts/install-prerequisites.sh)",
                    LIBFAKETIME_GLOB).isNotEmpty();
            return found.get(0).toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot look for " + LIBFAKETIME_GLOB, e);
        }
    }
}
