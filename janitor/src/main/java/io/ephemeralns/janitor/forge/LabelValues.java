package io.ephemeralns.janitor.forge;

/**
 * The encoding of a repository path or a branch name into a Kubernetes label value (at most 63 characters of
 * {@code [A-Za-z0-9._-]}, beginning and ending with a letter or digit), the one a pipeline applies when it labels
 * its namespace, so that both sides name the same thing:
 * <ol>
 *   <li>a repository's {@code /} becomes {@code .} ({@code octo-org/api} → {@code octo-org.api}; GitHub owners cannot
 *       contain a dot, so this is unambiguous there);</li>
 *   <li>every other character outside {@code [A-Za-z0-9._-]} becomes {@code -} ({@code feature/login} →
 *       {@code feature-login});</li>
 *   <li>the result is cut to 63 characters, then leading and trailing characters that are not letters or digits
 *       are dropped.</li>
 * </ol>
 * A value that is already valid, such as the seed's {@code branch=main}, is unchanged. In shell:
 * {@code printf %s "$BRANCH" | tr -c 'A-Za-z0-9._-' '-' | cut -c1-63 | sed -E 's/^[^A-Za-z0-9]+//; s/[^A-Za-z0-9]+$//'}
 * (for the repository, {@code tr '/' '.'} first).
 */
public final class LabelValues {

    /** Longest label value Kubernetes accepts. */
    public static final int MAX_LENGTH = 63;

    private LabelValues() {
    }

    /** The label value of a repository path ({@code owner/name}, or GitLab's {@code group/subgroup/name}). */
    public static String repository(String path) {
        return encode(path.replace('/', '.'));
    }

    /** The label value of a branch name (without {@code refs/heads/}). */
    public static String branch(String name) {
        return encode(name);
    }

    private static String encode(String text) {
        String value = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > MAX_LENGTH) {
            value = value.substring(0, MAX_LENGTH);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
