package io.ephemeralns.janitor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturesTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's documented test vector for this secret and body ("Validating webhook deliveries"). */
    private static final String DOCUMENTED =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsDocumentedTestVectorIsWhatWeCompute() {
        assertThat(Signatures.githubSignature(BODY, SECRET)).isEqualTo(DOCUMENTED);
    }

    static Stream<Arguments> github() {
        return Stream.of(
                Arguments.of("the documented signature is valid", BODY, DOCUMENTED, SECRET, true),
                Arguments.of("upper-case hex is valid", BODY, "sha256=" + DOCUMENTED.substring(7).toUpperCase(), SECRET, true),
                Arguments.of("a missing header is refused", BODY, null, SECRET, false),
                Arguments.of("a changed body is refused", "Hello, World?".getBytes(StandardCharsets.UTF_8), DOCUMENTED,
                        SECRET, false),
                Arguments.of("another secret is refused", BODY, DOCUMENTED, "other".getBytes(StandardCharsets.UTF_8), false),
                Arguments.of("an empty secret is never valid", BODY, DOCUMENTED,
                        new byte[0], false),
                Arguments.of("the SHA-1 header form is refused", BODY, "sha1=" + DOCUMENTED.substring(7), SECRET, false),
                Arguments.of("non-hex is refused", BODY, "sha256=zz" + DOCUMENTED.substring(9), SECRET, false),
                Arguments.of("a truncated signature is refused", BODY, DOCUMENTED.substring(0, 40), SECRET, false),
                Arguments.of("an empty signature is refused", BODY, "sha256=", SECRET, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("github")
    void checksGithubsSignature(String behaviour, byte[] body, String header, byte[] secret, boolean valid) {
        assertThat(Signatures.githubValid(body, header, secret)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "GitLab token \"{0}\" is valid: {1}")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
            "It's a Secret to Everybody   | true",
            "(none)                       | false",
            "It's a Secret                | false",
            "It's a Secret to Everybody!  | false",
            "it's a secret to everybody   | false",
            "''                           | false",
    })
    void checksGitlabsTokenAsAWhole(String header, boolean valid) {
        assertThat(Signatures.gitlabValid(header, SECRET)).isEqualTo(valid);
    }

    @Test
    void gitlabWithAnEmptySecretIsNeverValid() {
        assertThat(Signatures.gitlabValid("", new byte[0])).isFalse();
    }
}
