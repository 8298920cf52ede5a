package io.ephemeralns.e2enode;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every real-node scenario starts from: the shared {@link NodeEnvironment} (started once per test run, stopped at
 * its end) and the administrator's client. A test class extends it and states only what it adds; its own
 * {@code @BeforeAll} methods run after this one's.
 */
@ExtendWith(NodeEnvironment.Extension.class)
abstract class NodeTest {

    static NodeEnvironment env;
    /** A client with cluster-admin rights. */
    static KubernetesClient admin;

    @BeforeAll
    static void theSharedEnvironment(NodeEnvironment environment) {
        env = environment;
        admin = environment.client();
    }
}
