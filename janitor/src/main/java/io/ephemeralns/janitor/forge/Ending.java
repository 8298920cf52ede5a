package io.ephemeralns.janitor.forge;

import java.util.Map;

/**
 * What a delivery says has ended, and the namespace labels that name it: a pull request (GitHub) or merge request
 * (GitLab) that was closed or merged, or a branch that was deleted. Only namespaces carrying every one of
 * {@link #labels()} are torn down; a namespace without the {@code repository} label is never matched.
 *
 * @param repository the repository's path as the forge names it ({@code owner/name})
 * @param kind       what ended
 * @param name       the pull request's number, or the branch's name (without {@code refs/heads/})
 */
public record Ending(String repository, Kind kind, String name) {

    /** Label naming the repository, value {@link LabelValues#repository(String)}. */
    public static final String REPOSITORY_LABEL = "repository";
    /** Label naming the pull (or merge) request's number. */
    public static final String PULL_REQUEST_LABEL = "pull-request";
    /** The seed's label naming the branch, value {@link LabelValues#branch(String)}. */
    public static final String BRANCH_LABEL = "branch";

    /** What ended. */
    public enum Kind {
        /** a pull request (GitHub) or merge request (GitLab) was closed or merged. */
        PULL_REQUEST,
        /** a branch was deleted. */
        BRANCH
    }

    /** The labels a namespace must carry to be torn down by this ending. */
    public Map<String, String> labels() {
        return kind == Kind.PULL_REQUEST
                ? Map.of(REPOSITORY_LABEL, LabelValues.repository(repository), PULL_REQUEST_LABEL, name)
                : Map.of(REPOSITORY_LABEL, LabelValues.repository(repository), BRANCH_LABEL, LabelValues.branch(name));
    }

    /** One line for logs and responses. */
    public String describe() {
        return (kind == Kind.PULL_REQUEST ? "pull request #" + name : "branch " + name) + " of " + repository;
    }
}
