package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActiveCiNamespaceTest {

    private static final CiSettings SETTINGS = CiSettings.defaults("ephemeral-ns");

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource({
        "test-a, created-by=ci-cd, false, true",
        "test-a, " + ProductKeys.MANAGED + "=true, false, true",
        "test-a, created-by=ci-cd, true, false",
        "test-a, branch=main, false, false",
        "kube-system, created-by=ci-cd, false, false",
        "ephemeral-ns, created-by=ci-cd, false, false"})
    void keepsABaselineOnlyInCiNamespacesThatAreNotTerminating(String name, String label, boolean terminating, boolean inScope) {
        String[] pair = label.split("=");
        NamespaceView namespace = new NamespaceView(name, "uid", Optional.empty(),
                terminating ? Optional.of(Instant.parse("2026-11-26T10:00:00Z")) : Optional.empty(), Map.of(pair[0], pair[1]), Map.of());
        assertThat(ActiveCiNamespace.is(SETTINGS, namespace)).isEqualTo(inScope);
    }
}
