package io.ephemeralns.janitor.forge;

import static io.ephemeralns.janitor.forge.Fixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadsTest {

    static Stream<Arguments> endings() {
        return Stream.of(
                Arguments.of("a merged GitHub pull request", Forge.GITHUB, "pull_request", "github-pull-request-closed",
                        new Ending("octo-org/api", Ending.Kind.PULL_REQUEST, "42")),
                Arguments.of("a GitHub pull request closed without merge", Forge.GITHUB, "pull_request",
                        "github-pull-request-closed-unmerged", new Ending("octo-org/api", Ending.Kind.PULL_REQUEST, "42")),
                Arguments.of("a deleted GitHub branch", Forge.GITHUB, "delete", "github-delete-branch",
                        new Ending("octo-org/api", Ending.Kind.BRANCH, "feature/login")),
                Arguments.of("a GitHub push that deletes a branch", Forge.GITHUB, "push", "github-push-deleted",
                        new Ending("octo-org/api", Ending.Kind.BRANCH, "feature/login")),
                Arguments.of("a merged GitLab merge request", Forge.GITLAB, "Merge Request Hook", "gitlab-merge-request-merge",
                        new Ending("platform/backend/api", Ending.Kind.PULL_REQUEST, "7")),
                Arguments.of("a closed GitLab merge request", Forge.GITLAB, "Merge Request Hook", "gitlab-merge-request-close",
                        new Ending("platform/backend/api", Ending.Kind.PULL_REQUEST, "7")),
                Arguments.of("a GitLab push that deletes a branch", Forge.GITLAB, "Push Hook", "gitlab-push-deleted",
                        new Ending("platform/backend/api", Ending.Kind.BRANCH, "feature/login")));
    }

    @ParameterizedTest(name = "{0} ends")
    @MethodSource("endings")
    void readsWhatEnded(String behaviour, Forge forge, String event, String fixture, Ending expected) {
        Reading reading = Payloads.read(forge, event, delivery(fixture));
        assertThat(reading.outcome()).isEqualTo(Reading.Outcome.ENDING);
        assertThat(reading.ending()).contains(expected);
    }

    static Stream<Arguments> ignored() {
        return Stream.of(
                Arguments.of("an opened GitHub pull request", Forge.GITHUB, "pull_request", "github-pull-request-opened"),
                Arguments.of("a deleted GitHub tag", Forge.GITHUB, "delete", "github-delete-tag"),
                Arguments.of("a GitHub push of commits", Forge.GITHUB, "push", "github-push"),
                Arguments.of("GitHub's ping", Forge.GITHUB, "ping", "github-ping"),
                Arguments.of("an unknown GitHub event", Forge.GITHUB, "issues", "github-ping"),
                Arguments.of("an opened GitLab merge request", Forge.GITLAB, "Merge Request Hook", "gitlab-merge-request-open"),
                Arguments.of("a GitLab push of commits", Forge.GITLAB, "Push Hook", "gitlab-push"),
                Arguments.of("an unknown GitLab event", Forge.GITLAB, "Pipeline Hook", "gitlab-push"));
    }

    @ParameterizedTest(name = "{0} is ignored")
    @MethodSource("ignored")
    void ignoresWhatEndsNothing(String behaviour, Forge forge, String event, String fixture) {
        Reading reading = Payloads.read(forge, event, delivery(fixture));
        assertThat(reading.outcome()).isEqualTo(Reading.Outcome.IGNORED);
        assertThat(reading.message()).startsWith("ignored: ");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no event header", Forge.GITHUB, null, "{}", "no X-GitHub-Event header"),
                Arguments.of("a body that is not JSON", Forge.GITHUB, "pull_request", "action=closed", "not JSON"),
                Arguments.of("a JSON array", Forge.GITLAB, "Push Hook", "[]", "not a JSON object"),
                Arguments.of("a closed pull request without number", Forge.GITHUB, "pull_request",
                        "{\"action\":\"closed\",\"repository\":{\"full_name\":\"o/r\"}}", "no positive number"),
                Arguments.of("a closed pull request with a textual number", Forge.GITHUB, "pull_request",
                        "{\"action\":\"closed\",\"number\":\"42\",\"repository\":{\"full_name\":\"o/r\"}}", "no positive number"),
                Arguments.of("a closed pull request without repository", Forge.GITHUB, "pull_request",
                        "{\"action\":\"closed\",\"number\":42}", "no repository.full_name"),
                Arguments.of("a pull request without action", Forge.GITHUB, "pull_request", "{\"number\":42}", "without action"),
                Arguments.of("a branch delete without ref", Forge.GITHUB, "delete",
                        "{\"ref_type\":\"branch\",\"repository\":{\"full_name\":\"o/r\"}}", "no branch name"),
                Arguments.of("a GitLab push without after", Forge.GITLAB, "Push Hook", "{\"ref\":\"refs/heads/x\"}",
                        "without after"),
                Arguments.of("a merged merge request without iid", Forge.GITLAB, "Merge Request Hook",
                        "{\"object_attributes\":{\"action\":\"merge\"},\"project\":{\"path_with_namespace\":\"g/p\"}}",
                        "no positive object_attributes.iid"));
    }

    @ParameterizedTest(name = "{0} is malformed")
    @MethodSource("malformed")
    void refusesMalformedDeliveries(String behaviour, Forge forge, String event, String body, String why) {
        Reading reading = Payloads.read(forge, event, body.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.outcome()).isEqualTo(Reading.Outcome.MALFORMED);
        assertThat(reading.message()).startsWith("malformed delivery: ").contains(why);
    }

    @Test
    void aPullRequestEndingNamesTheRepositoryAndNumberLabels() {
        assertThat(new Ending("octo-org/api", Ending.Kind.PULL_REQUEST, "42").labels())
                .isEqualTo(Map.of("repository", "octo-org.api", "pull-request", "42"));
    }

    @Test
    void aBranchEndingNamesTheRepositoryAndEncodedBranchLabels() {
        assertThat(new Ending("octo-org/api", Ending.Kind.BRANCH, "feature/login").labels())
                .isEqualTo(Map.of("repository", "octo-org.api", "branch", "feature-login"));
    }
}
