package io.ephemeralns.e2enode;

import io.ephemeralns.e2e.Shell;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every real-node scenario starts from: the shared {@link NodeEnvironment} (started once per test run, stopped at
 * its end) and the administrator's client, and the reads and commands several scenarios share. A test class extends
 * it and states only what it adds; its own {@code @BeforeAll} methods run after this one's.
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

    /**
     * {@code kubectl ephemeral-ns ...} from tools/, as a person runs it with {@code kubeconfig}: the pipeline's
     * ({@code env.pipelineKubeconfig}) or a platform engineer's ({@code env.node.kubeconfig()}).
     */
    static Shell.Result plugin(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "ephemeral-ns"));
        command.addAll(List.of(args));
        return Shell.run(Duration.ofMinutes(3), Map.of("PATH", env.repo.resolve("tools") + ":" + System.getenv("PATH"),
                "KUBECONFIG", kubeconfig.toString()), command);
    }

    /** The namespace's annotations; none when it is gone. */
    static Map<String, String> annotations(String ns) {
        Namespace namespace = admin.namespaces().withName(ns).get();
        Map<String, String> annotations = namespace == null ? null : namespace.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** True once the namespace is being deleted or gone. */
    static boolean terminatingOrGone(String ns) {
        Namespace namespace = admin.namespaces().withName(ns).get();
        return namespace == null || namespace.getMetadata().getDeletionTimestamp() != null;
    }

    /** The product's Events about the namespace with this reason (recorded in {@code default}, as namespaces are). */
    static List<Event> events(String ns, String reason) {
        return admin.v1().events().inNamespace("default").withField("involvedObject.name", ns).list().getItems().stream()
                .filter(event -> reason.equals(event.getReason())).toList();
    }
}
