package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceAccountPullSecretsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("none attached yet", List.of(), List.of("ephemeral-ns-pull-a"), List.of("ephemeral-ns-pull-a")),
                Arguments.of("the pipeline's own kept", List.of("mine"), List.of("ephemeral-ns-pull-a"), List.of("ephemeral-ns-pull-a")),
                Arguments.of("all attached already", List.of("ephemeral-ns-pull-b", "mine", "ephemeral-ns-pull-a"),
                        List.of("ephemeral-ns-pull-a", "ephemeral-ns-pull-b"), List.of()),
                Arguments.of("one removed by a pipeline", List.of("ephemeral-ns-pull-a"),
                        List.of("ephemeral-ns-pull-a", "ephemeral-ns-pull-b"), List.of("ephemeral-ns-pull-b")),
                Arguments.of("no copies", List.of("mine"), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appendsOnlyTheCopiesTheServiceAccountLacks(String what, List<String> attached, List<String> copies, List<String> missing) {
        assertThat(ServiceAccountPullSecrets.missing(attached, copies)).containsExactlyElementsOf(missing);
    }
}
