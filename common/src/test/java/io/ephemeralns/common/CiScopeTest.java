package io.ephemeralns.common;

import static io.ephemeralns.common.Fixtures.DEFAULTS;
import static io.ephemeralns.common.Fixtures.ci;
import static io.ephemeralns.common.Fixtures.ns;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CiScopeTest {

    private static final CiSettings WITH_PATTERN = CiSettings.builder().namePattern(Optional.of("^test-"))
            .protectedNames(List.of("shared-services")).ownNamespace(Optional.of("ephemeral-ns")).build();

    @ParameterizedTest(name = "{0} is protected")
    @ValueSource(strings = {"kube-system", "kube-public", "kube-node-lease", "default", "ephemeral-ns"})
    void systemNamespacesAndTheProductsOwnAreProtected(String name) {
        assertThat(CiScope.isProtected(DEFAULTS, name)).isTrue();
    }

    @Test
    void configuredNamespacesAreProtectedToo() {
        assertThat(CiScope.isProtected(WITH_PATTERN, "shared-services")).isTrue();
        assertThat(CiScope.isProtected(WITH_PATTERN, "test-a")).isFalse();
    }

    @Test
    void aProtectedNamespaceWithCiLabelsIsNotACiNamespace() {
        assertThat(CiScope.isCiNamespace(DEFAULTS, "kube-system", Map.of("created-by", "ci-cd"))).isFalse();
        assertThat(CiScope.janitorMayAct(DEFAULTS, ci("kube-system").view())).isFalse();
    }

    @Test
    void theSelectorsLabelsMakeACiNamespace() {
        assertThat(CiScope.isCiNamespace(DEFAULTS, "test-a", Map.of("created-by", "ci-cd"))).isTrue();
        assertThat(CiScope.janitorMayAct(DEFAULTS, ci("test-a").view())).isTrue();
    }

    @Test
    void theProductsManagedLabelKeepsANamespaceInScope() {
        assertThat(CiScope.isCiNamespace(DEFAULTS, "test-a", Map.of(ProductKeys.MANAGED, "true"))).isTrue();
        assertThat(CiScope.janitorMayAct(DEFAULTS, ns("test-a").label(ProductKeys.MANAGED, "true").view())).isTrue();
    }

    @Test
    void aNamespaceWithoutCiLabelsIsOutOfScope() {
        assertThat(CiScope.isCiNamespace(DEFAULTS, "test-a", Map.of("created-by", "human"))).isFalse();
        assertThat(CiScope.janitorMayAct(DEFAULTS, ns("test-a").view())).isFalse();
        assertThat(CiScope.janitorMayAct(DEFAULTS, ns("test-a").label(ProductKeys.MANAGED, "false").view())).isFalse();
    }

    @Test
    void theNamePatternMakesACiNamespaceForTheWebhookOnly() {
        assertThat(CiScope.isCiNamespace(WITH_PATTERN, "test-a", Map.of())).isTrue();
        assertThat(CiScope.isCiNamespace(WITH_PATTERN, "prod-test-a", Map.of())).isFalse();
        assertThat(CiScope.isCiNamespace(DEFAULTS, "test-a", Map.of())).isFalse();
        assertThat(CiScope.janitorMayAct(WITH_PATTERN, ns("test-a").view())).isFalse();
    }
}
