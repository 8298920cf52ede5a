package io.ephemeralns.janitor.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiResourceTest {

    private static final APIResourceList DISCOVERED = new APIResourceListBuilder().withGroupVersion("example.com/v1")
            .addNewResource().withName("widgets").withNamespaced(true).withKind("Widget")
            .withVerbs("get", "list", "patch", "delete").endResource()
            .addNewResource().withName("widgets/status").withNamespaced(true).withKind("Widget")
            .withVerbs("get", "patch").endResource()
            .addNewResource().withName("clusterwidgets").withNamespaced(false).withKind("ClusterWidget")
            .withVerbs("get", "list").endResource()
            .addNewResource().withName("reviews").withNamespaced(true).withKind("Review").withVerbs("create").endResource()
            .build();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a namespaced kind that can be listed is found", "widgets",
                        Optional.of(new ApiResource("example.com", "v1", "widgets"))),
                Arguments.of("a subresource is never matched", "widgets/status", Optional.empty()),
                Arguments.of("a cluster-scoped kind is not in any namespace", "clusterwidgets", Optional.empty()),
                Arguments.of("a kind that cannot be listed is skipped", "reviews", Optional.empty()),
                Arguments.of("a kind the group does not serve is not found", "gadgets", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void discoveryFindsOnlyNamespacedKindsThatCanBeListed(String rule, String resource, Optional<ApiResource> expected) {
        assertThat(ApiResource.select(DISCOVERED, "example.com", "v1", resource)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void pathsFollowTheApisLayout(ApiResource kind, String path) {
        assertThat(kind.path("test-a")).isEqualTo(path);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(new ApiResource("", "v1", "configmaps"), "/api/v1/namespaces/test-a/configmaps"),
                Arguments.of(new ApiResource("example.com", "v1", "widgets"), "/apis/example.com/v1/namespaces/test-a/widgets"));
    }
}
