package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.janitor.MockServerTest;
import io.ephemeralns.janitor.stuck.ApiResource;
import io.ephemeralns.janitor.stuck.RemainingObject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paged, metadata-only listing of a stuck namespace's objects, with the mock server scripted page by page
 * (its CRUD mode ignores limit and continue).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class MetadataPagesTest extends MockServerTest {

    private static final String FIRST = "/apis/example.com/v1/namespaces/test-x/widgets?limit=500";
    private static final String SECOND = "/apis/example.com/v1/namespaces/test-x/widgets?limit=500&continue=next%2Fpage";

    @Inject
    MetadataPages pages;

    @Test
    void followsContinueTokensAndAsksForMetadataOnly() throws Exception {
        server.expect().get().withPath(FIRST).andReturn(200, """
                {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"continue":"next/page"},
                 "items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"w1",
                   "resourceVersion":"11","finalizers":["example.com/never"],"deletionTimestamp":"2026-11-26T10:00:00Z"}}]}
                """).once();
        server.expect().get().withPath(SECOND).andReturn(200, """
                {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{},
                 "items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"w2",
                   "resourceVersion":"12"}}]}
                """).once();
        drain();
        List<RemainingObject> seen = new ArrayList<>();

        int requests = pages.list(new ApiResource("example.com", "v1", "widgets"), "test-x", seen::add);

        assertThat(requests).isEqualTo(2);
        assertThat(seen).extracting(RemainingObject::name).containsExactly("w1", "w2");
        assertThat(seen.get(0).finalizers()).containsExactly("example.com/never");
        assertThat(seen.get(0).resourceVersion()).isEqualTo("11");
        assertThat(seen.get(0).deleting()).isPresent();
        assertThat(seen.get(1).finalizers()).isEmpty();
        assertThat(drain()).allSatisfy(request -> assertThat(request.getHeader("Accept"))
                .startsWith("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"));
    }
}
