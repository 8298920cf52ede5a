package io.ephemeralns.janitor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelValuesTest {

    @ParameterizedTest(name = "branch {0} is labelled {1}")
    @CsvSource({
            "main, main",
            "release-1.2, release-1.2",
            "feature/login, feature-login",
            "user@host/x+y, user-host-x-y",
            "_private/, private",
            "-x-, x",
            "ünïcode, n-code",
    })
    void encodesABranchIntoALabelValue(String branch, String label) {
        assertThat(LabelValues.branch(branch)).isEqualTo(label);
    }

    @ParameterizedTest(name = "repository {0} is labelled {1}")
    @CsvSource({
            "octo-org/api, octo-org.api",
            "platform/backend/api, platform.backend.api",
            "octo/my_repo.js, octo.my_repo.js",
    })
    void encodesARepositoryIntoALabelValue(String repository, String label) {
        assertThat(LabelValues.repository(repository)).isEqualTo(label);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a-very-long-branch-name-that-goes-on-and-on-beyond-what-a-label-holds/and-more",
            "x23456789012345678901234567890123456789012345678901234567890123-",
    })
    void aLongNameIsCutToAValidLabelValue(String branch) {
        String label = LabelValues.branch(branch);
        assertThat(label).hasSizeLessThanOrEqualTo(LabelValues.MAX_LENGTH)
                .matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    }
}
