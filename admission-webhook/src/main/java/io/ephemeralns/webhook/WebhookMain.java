package io.ephemeralns.webhook;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point: sets JVM-wide properties that must be in place before Quarkus builds its TLS server, then runs
 * the application.
 *
 * <p>Vert.x turns the PEM serving certificate into an in-memory PKCS#12 key store (at start-up and at every
 * {@code quarkus.tls.reload-period}), and Netty builds another one in a static initializer. The JDK protects each
 * key entry with PBKDF2 at 10,000 iterations, which at start-up runs in the interpreter: a third of the CPU the
 * webhook spent before it was ready (profiled with JFR, see docs/benchmarks.md). These key stores never leave the
 * process memory, where the key sits unprotected anyway, so one iteration loses nothing. An explicit
 * {@code -Dkeystore.pkcs12.keyPbeIterationCount} on the command line still wins.
 */
@QuarkusMain
public class WebhookMain {

    static final String KEY_PBE_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

    public static void main(String... args) {
        if (System.getProperty(KEY_PBE_ITERATIONS) == null) {
            System.setProperty(KEY_PBE_ITERATIONS, "1");
        }
        Quarkus.run(args);
    }
}
