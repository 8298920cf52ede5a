package io.ephemeralns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One of the product's programs running as the real process it is in production: {@code java -jar} on the
 * built Quarkus application, configured by system properties, logging to a file the tests can read.
 */
final class ProgramProcess implements AutoCloseable {

    /** How long a line or a counter may lag behind the effect a test has seen. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final List<Runnable> onClose = new ArrayList<>();

    private ProgramProcess(String name, Process process, Path log, String baseUrl) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} and, when asked, waits until a health endpoint
     * answers 200.
     *
     * @param baseUrl where its HTTP(S) port answers, e.g. {@code http://127.0.0.1:8080}
     * @param awaitHealth the health endpoint to wait for ({@code /q/health/live}, or {@code /q/health/ready} where
     *        the chart's Service would route to the pod only once ready), or null not to wait
     */
    static ProgramProcess start(Path repo, String name, String module, String baseUrl, Map<String, String> env,
            Map<String, String> properties, String awaitHealth) {
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package (the test command builds it)");
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Path log = Files.createTempFile("e2e-" + name, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            ProgramProcess program = new ProgramProcess(name, process, log, baseUrl);
            if (awaitHealth != null) {
                program.awaitHealth(awaitHealth, Duration.ofSeconds(60));
            }
            return program;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** A free TCP port on 127.0.0.1 ({@code e2e/scripts/install.sh free-port}). */
    static int freePort() {
        return ControlPlane.freePort(OncePerRun.repo());
    }

    /** GET a path; the body, or an exception naming the status. */
    String get(String path) {
        HttpResponse<String> response = request(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Everything the program logged so far. */
    String log() {
        return ControlPlane.read(log);
    }

    /**
     * Waits until the program's log contains every fragment, and returns it. A program logs an action once the API
     * server has answered it, so a test that has just seen the action's effect (an Event, a namespace gone) can read
     * the log a moment before the line is written: a positive assertion on the log is always made through here.
     */
    String awaitLogged(String... fragments) {
        return awaitUntil(this::log, "log", text -> assertThat(text).contains(fragments));
    }

    /**
     * Waits until the product's metrics ({@code ephemeral_ns_*} lines of the metrics page, the only ones a failure
     * prints) contain every fragment, and returns them. A counter moves after the effect it counts, for the same
     * reason as {@link #awaitLogged}.
     */
    String awaitMetrics(String... fragments) {
        return awaitUntil(this::productMetrics, "metrics", text -> assertThat(text).contains(fragments));
    }

    /** {@link #awaitMetrics}, for lines given as regular expressions (a count of at least one, a label set). */
    String awaitMetricsMatching(String... patterns) {
        return awaitUntil(this::productMetrics, "metrics",
                text -> Arrays.stream(patterns).forEach(pattern -> assertThat(text).containsPattern(pattern)));
    }

    private String productMetrics() {
        return get("/q/metrics").lines().filter(line -> line.startsWith("ephemeral_ns_"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private String awaitUntil(Supplier<String> read, String what, Consumer<String> check) {
        String[] last = {""};
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = read.get();
            check.accept(last[0]);
        });
        return last[0];
    }

    /** Whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + timeout + "\n" + log());
        }
        return process.exitValue();
    }

    /** Runs before the process is stopped (e.g. unregistering its webhook configurations). */
    void onClose(Runnable action) {
        onClose.add(action);
    }

    /** The base URL the program answers on. */
    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        onClose.forEach(Runnable::run);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealth(String path, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n" + log());
            }
            try {
                if (request(path).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not answer " + path + " within " + timeout + ":\n" + log());
    }

    private HttpResponse<String> request(String path) {
        try {
            return client().send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Trusts any certificate: the tests read the programs' own health and metrics, not a trust decision. */
    private static HttpClient client() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(2)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
