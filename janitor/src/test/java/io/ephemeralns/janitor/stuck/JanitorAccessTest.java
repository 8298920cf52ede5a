package io.ephemeralns.janitor.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JanitorAccessTest {

    private static NamespaceCondition content(String message) {
        return new NamespaceCondition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                "Some resources are remaining: " + message);
    }

    private static NamespaceCondition finalizers(String message) {
        return new NamespaceCondition("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: " + message);
    }

    private static final NamespaceCondition OUR_BINDING = content("rolebindings.rbac.authorization.k8s.io has 1 resource instances");
    private static final NamespaceCondition OUR_FINALIZER = finalizers("ephemeral-ns.io/janitor-access in 1 resource instances");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("only our RoleBinding, held by our finalizer", List.of(OUR_BINDING, OUR_FINALIZER), true),
                Arguments.of("no condition yet (the namespace controller has not reported)", List.of(), false),
                Arguments.of("other content remains too",
                        List.of(content("configmaps. has 1 resource instances, rolebindings.rbac.authorization.k8s.io has 1"
                                + " resource instances"), OUR_FINALIZER), false),
                Arguments.of("two RoleBindings remain",
                        List.of(content("rolebindings.rbac.authorization.k8s.io has 2 resource instances"), OUR_FINALIZER), false),
                Arguments.of("another finalizer remains too",
                        List.of(OUR_BINDING, finalizers("ephemeral-ns.io/janitor-access in 1 resource instances,"
                                + " example.com/never in 1 resource instances")), false),
                Arguments.of("a RoleBinding held by another finalizer",
                        List.of(OUR_BINDING, finalizers("example.com/never in 1 resource instances")), false),
                Arguments.of("discovery failed, so the controller may not have seen every kind",
                        List.of(OUR_BINDING, OUR_FINALIZER, new NamespaceCondition("NamespaceDeletionDiscoveryFailure", "True",
                                "DiscoveryFailed", "Discovery failed for some groups")), false),
                Arguments.of("a failure condition that no longer holds does not matter",
                        List.of(OUR_BINDING, OUR_FINALIZER, new NamespaceCondition("NamespaceDeletionDiscoveryFailure",
                                "False", "ResourcesDiscovered", "All resources successfully discovered")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAccessIsReleasedOnlyWhenNothingElseRemains(String situation, List<NamespaceCondition> conditions,
            boolean release) {
        assertThat(JanitorAccess.onlyOursRemains(conditions)).isEqualTo(release);
    }
}
