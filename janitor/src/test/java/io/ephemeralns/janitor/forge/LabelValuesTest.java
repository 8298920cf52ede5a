package io.ephemeralns.janitor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelValuesTest {

    @ParameterizedTest(name = "{0} {1} is labelled {2}")
    @CsvSource({
            "branch, main, main",
            "branch, release-1.2, release-1.2",
            "branch, feature/login, feature-login",
            "branch, user@host/x+y, user-host-x-y",
            "branch, _private/, private",
            "branch, -x-, x",
            "branch, ünïcode, n-code",
            "repository, octo-org/api, octo-org.api",
            "repository, platform/backend/api, platform.backend.api",
            "repository, octo/my_repo.js, octo.my_repo.js",
    })
    void encodesANameIntoALabelValue(String kind, String name, String label) {
        assertThat(kind.equals("branch") ? LabelValues.branch(name) : LabelValues.repository(name)).isEqualTo(label);
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
