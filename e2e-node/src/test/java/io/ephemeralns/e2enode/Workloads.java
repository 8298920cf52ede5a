package io.ephemeralns.e2enode;

import static org.awaitility.Awaitility.await;

import io.ephemeralns.e2e.Kubectl;
import io.ephemeralns.e2e.Shell;
import io.ephemeralns.e2e.StrictMode;
import java.time.Duration;

/**
 * Pods the scenarios run and the traffic they try, through kubectl as a pipeline does it: an HTTP server with a
 * Service in front, a client pod with busybox and curl to {@code kubectl exec} into.
 */
final class Workloads {

    private final Kubectl kubectl;
    private final Images images;

    Workloads(Kubectl kubectl, Images images) {
        this.kubectl = kubectl;
        this.images = images;
    }

    /**
     * An HTTP server pod {@code name} (label {@code app=name}) and a Service {@code name} on port 80; waits until ready.
     * In a CI namespace whose baseline was just applied, applied again while strict mode still refuses the pod.
     */
    void server(String namespace, String name) {
        StrictMode.onceAdmitted(() -> kubectl.withManifest(pod(name, "    app: " + name, """
                    - name: http
                      image: %s
                      ports:
                        - name: http
                          containerPort: %d
                      readinessProbe:
                        tcpSocket:
                          port: http
                        periodSeconds: 1
                """.formatted(images.httpService(), images.httpPort())) + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  selector:
                    app: %1$s
                  ports:
                    - port: 80
                      targetPort: http
                """.formatted(name), "apply", "-n", namespace).ok());
        awaitReady(namespace, name);
    }

    /**
     * A client pod (busybox and curl, idle until deleted; it stops at once on SIGTERM); waits until ready. Applied again
     * while strict mode still refuses it, as {@link #server}.
     */
    void client(String namespace, String name, String... labels) {
        StrictMode.onceAdmitted(() -> kubectl.withManifest(clientPod(name, labels), "apply", "-n", namespace).ok());
        awaitReady(namespace, name);
    }

    /** The manifest of a {@link #client} pod, with the label {@code role=client} and the given label pairs. */
    String clientPod(String name, String... labels) {
        StringBuilder labelLines = new StringBuilder("    role: client\n");
        for (int i = 0; i + 1 < labels.length; i += 2) {
            labelLines.append("    ").append(labels[i]).append(": ").append(labels[i + 1]).append('\n');
        }
        return pod(name, labelLines.toString().stripTrailing(), """
                    - name: tools
                      image: %s
                      command: [sh, -c, 'trap "exit 0" TERM; sleep 3600 & wait']
                """.formatted(images.tools()));
    }

    /** A pod that stops within 5 s of its deletion; {@code labelLines} and {@code containers} indented as in a Pod. */
    private static String pod(String name, String labelLines, String containers) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels:
                %s
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                %s""".formatted(name, labelLines, containers);
    }

    void awaitReady(String namespace, String pod) {
        kubectl.run("wait", "--for=condition=Ready", "pod/" + pod, "-n", namespace, "--timeout=120s").ok();
    }

    /** {@code kubectl exec -n <namespace> <pod> -- <command>}. */
    Shell.Result exec(String namespace, String pod, String... command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("exec", "-n", namespace, pod, "--"));
        args.addAll(java.util.List.of(command));
        return kubectl.run(args.toArray(String[]::new));
    }

    /** One HTTP GET from the pod: curl's exit status (0 with an HTTP answer, 7 refused, 28 timed out, 6 no DNS name). */
    Shell.Result get(String namespace, String pod, String url) {
        return exec(namespace, pod, "curl", "-sS", "-m", "2", "-o", "/dev/null", "-w", "%{http_code}", url);
    }

    /** The pod gets an HTTP answer from {@code url} (within a short time: a new pod's policies take seconds to sync). */
    void assertReaches(String namespace, String pod, String url) {
        await("GET " + url + " from " + namespace + "/" + pod).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get(namespace, pod, url).exit() == 0);
    }

    /**
     * The pod's connections to {@code url} fail at the network (not at DNS: the name resolves), and again on the
     * next try: a try in the first seconds of a new pod may fall before its policies are synced, and is not counted.
     */
    void assertBlocked(String namespace, String pod, String url) {
        await("GET " + url + " from " + namespace + "/" + pod + " blocked").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofSeconds(1)).until(() -> networkFailure(get(namespace, pod, url)));
        Shell.Result again = get(namespace, pod, url);
        if (!networkFailure(again)) {
            throw new AssertionError("GET " + url + " from " + namespace + "/" + pod + " got through (curl exit "
                    + again.exit() + "): " + again.output());
        }
    }

    private static boolean networkFailure(Shell.Result result) {
        if (result.exit() == 6) {
            throw new AssertionError("the name in the URL does not resolve, so isolation is not what refused it: " + result.output());
        }
        // curl: 7 connection refused or failed, 28 timed out (kubectl exec passes the command's exit status through)
        return result.exit() == 7 || result.exit() == 28;
    }
}
