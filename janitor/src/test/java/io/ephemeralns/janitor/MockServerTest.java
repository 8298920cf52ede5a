package io.ephemeralns.janitor;

import io.ephemeralns.janitor.kube.BaselineQuotas;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * The set-up shared by the Quarkus tests against the fabric8 mock server ({@code @WithKubernetesTestServer} on the
 * test class): the server and the janitor's client, the requests the janitor made, and the janitor's clock and
 * measured skew back to normal after each test, and the baseline quotas' last listing forgotten (it is reused for
 * {@code janitor.capacity-interval}).
 */
public abstract class MockServerTest {

    @KubernetesTestServer
    protected KubernetesServer server;

    @Inject
    protected KubernetesClient client;

    @Inject
    BaselineQuotas quotas;

    /** Deletes every namespace and Event (CRUD mode), so that a test starts from an empty cluster. */
    protected void emptyCluster() {
        client.namespaces().delete();
        client.v1().events().inAnyNamespace().delete();
    }

    /** The requests the mock server received since the last call, oldest first. */
    protected List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    @AfterEach
    void backToRealTime() {
        TestClock.reset();
        TestApiServerTime.reset();
        quotas.forget();
    }
}
