package io.ephemeralns.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every end-to-end test class starts from: the shared {@link E2eEnvironment} (started once per test run, stopped
 * at its end) and the identities the tests act as. A test class extends it and states only what it adds; its own
 * {@code @BeforeAll} methods run after this one's.
 */
@ExtendWith(E2eEnvironment.Extension.class)
abstract class E2eTest {

    static E2eEnvironment env;
    /** kubectl as the cluster's administrator. */
    static Kubectl kubectl;
    /** kubectl as a CI pipeline's ordinary identity ({@link PipelineIdentity}): not exempt from any rule. */
    static Kubectl pipeline;
    /** A client with cluster-admin rights ({@code system:masters}). */
    static KubernetesClient admin;

    @BeforeAll
    static void theSharedEnvironment(E2eEnvironment environment) {
        env = environment;
        kubectl = new Kubectl(environment.controlPlane.kubeconfig());
        pipeline = environment.pipeline;
        admin = environment.admin();
    }

    /** A namespace's annotations; empty when it has none. */
    static Map<String, String> annotations(String namespace) {
        Map<String, String> annotations = admin.namespaces().withName(namespace).get().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** The Events about a namespace with this reason (the programs record them in {@code default}). */
    static List<Event> events(String namespace, String reason) {
        return admin.v1().events().inNamespace("default").withField("involvedObject.name", namespace).list().getItems()
                .stream().filter(event -> reason.equals(event.getReason())).toList();
    }

    /** Whether a namespace is being deleted, or is gone. */
    static boolean terminatingOrGone(String namespace) {
        Namespace found = admin.namespaces().withName(namespace).get();
        return found == null || found.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * Waits until {@code as} may make a request ({@code kubectl auth can-i} arguments, e.g. {@code "delete",
     * "networkpolicies", "-n", ns}): the API server's authorizer reads Roles and their bindings from a watch-fed cache,
     * so rights just granted take effect a moment after the grant is written.
     */
    static void awaitAllowed(Kubectl as, String... request) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i"));
        args.addAll(List.of(request));
        await("allowed: " + String.join(" ", request)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.run(args.toArray(String[]::new)).exit() == 0);
    }
}
