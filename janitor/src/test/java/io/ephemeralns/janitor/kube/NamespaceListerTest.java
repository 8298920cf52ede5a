package io.ephemeralns.janitor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.janitor.MockServerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metadata-only listing of the janitor's scope, shared by the one-shot sweep and the watch-fed cache, with the
 * mock server scripted page by page (its CRUD mode ignores limit, continue and {@code !=}).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = false)
class NamespaceListerTest extends MockServerTest {

    @Inject
    NamespaceLister lister;

    /** The configured selector (the test default, created-by=ci-cd) without managed=true, URL-encoded. */
    private static final String UNMANAGED = page("created-by%3Dci-cd%2Cephemeral-ns.io%2Fmanaged%21%3Dtrue");
    private static final String MANAGED = page("ephemeral-ns.io%2Fmanaged%3Dtrue");

    private static String page(String selector) {
        return "/api/v1/namespaces?labelSelector=" + selector + "&limit=500";
    }

    private static String continued(String page, String token) {
        return page.replace("?", "?continue=" + token + "&");
    }

    @Test
    void listsBothSelectionsPageByPageAsMetadataOnlyEachNamespaceOnce() {
        server.expect().get().withPath(UNMANAGED).andReturn(200, list("{}",
                item("labelled", "u1", "\"created-by\":\"ci-cd\""),
                // a server ignoring != sends a managed one here too: it is left to the managed listing
                item("both", "u2", "\"created-by\":\"ci-cd\",\"ephemeral-ns.io/managed\":\"true\""))).once();
        server.expect().get().withPath(MANAGED).andReturn(200, list("{\"continue\":\"p2\"}",
                item("both", "u2", "\"created-by\":\"ci-cd\",\"ephemeral-ns.io/managed\":\"true\""))).once();
        server.expect().get().withPath(continued(MANAGED, "p2")).andReturn(200, list("{\"resourceVersion\":\"99\"}",
                item("relabelled", "u3", "\"ephemeral-ns.io/managed\":\"true\""))).once();
        List<NamespaceView> seen = new ArrayList<>();

        int requests = lister.scan(seen::add, seen::clear);

        assertThat(requests).isEqualTo(3);
        assertThat(seen).extracting(NamespaceView::name).containsExactly("labelled", "both", "relabelled");
        assertThat(seen.get(0).uid()).isEqualTo("u1");
        assertThat(seen.get(0).created()).isPresent();
        assertThat(seen.get(0).annotations()).containsEntry("ephemeral-ns.io/expires-at", "2026-11-26T11:00:00Z");
    }

    @Test
    void restartsTheWholeScanWhenAContinueTokenExpired() {
        server.expect().get().withPath(UNMANAGED).andReturn(200, list("{}")).times(2);
        server.expect().get().withPath(MANAGED).andReturn(200, list("{\"continue\":\"old\"}",
                item("first", "u1", "\"ephemeral-ns.io/managed\":\"true\""))).once();
        server.expect().get().withPath(continued(MANAGED, "old")).andReturn(410, "{\"kind\":\"Status\",\"code\":410}").once();
        server.expect().get().withPath(MANAGED).andReturn(200, list("{}",
                item("first", "u1", "\"ephemeral-ns.io/managed\":\"true\""))).once();
        List<NamespaceView> seen = new ArrayList<>();

        lister.scan(seen::add, seen::clear);

        assertThat(seen).extracting(NamespaceView::name).containsExactly("first");
    }

    @Test
    void givesTheListingsResourceVersionForTheWatch() throws Exception {
        server.expect().get().withPath(MANAGED).andReturn(200, list("{\"resourceVersion\":\"4711\"}")).once();
        drain();

        NamespaceLister.Listed listed = lister.list(lister.listings().get(1), namespace -> { });

        assertThat(listed.resourceVersion()).isEqualTo("4711");
        assertThat(drain()).singleElement().satisfies(request -> assertThat(request.getHeader("Accept"))
                .startsWith("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"));
    }

    private static String list(String metadata, String... items) {
        return "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":" + metadata
                + ",\"items\":[" + String.join(",", items) + "]}";
    }

    private static String item(String name, String uid, String labels) {
        return "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"uid\":\"" + uid + "\",\"creationTimestamp\":\"2026-11-26T10:00:00Z\",\"labels\":{" + labels
                + "},\"annotations\":{\"ephemeral-ns.io/expires-at\":\"2026-11-26T11:00:00Z\"},"
                + "\"managedFields\":[{\"manager\":\"kubectl\"}]}}";
    }
}
