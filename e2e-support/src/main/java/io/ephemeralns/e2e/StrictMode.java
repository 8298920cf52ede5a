package io.ephemeralns.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The webhook's strict mode as a client that creates Pods meets it. The webhook refuses a Pod in a CI namespace until
 * its own namespace cache holds {@code ephemeral-ns.io/baseline=applied}; its reconciler writes that annotation through
 * the API server, and the cache, fed by a watch, hears of it a moment later. So a Pod created as soon as
 * {@code kubectl wait} has seen the annotation may still be refused with {@value #NOT_APPLIED}, as the refusal says.
 * Controllers retry such a refusal by themselves; a test that creates a Pod itself retries it here, and only it.
 */
public final class StrictMode {

    /** The webhook's refusal of a Pod whose namespace's baseline it has not seen applied. */
    public static final String NOT_APPLIED = "isolation baseline not applied yet, retry";
    /** How long the webhook's cache may lag the annotation its reconciler wrote. */
    private static final Duration CACHE_LAG = Duration.ofSeconds(15);

    private StrictMode() {
    }

    /**
     * Runs {@code create} (a creation of Pods, by kubectl with {@link Shell.Result#ok()} or by a client) again while
     * it fails with {@value #NOT_APPLIED}, and returns what it returned; any other failure ends it at once.
     */
    public static <T> T onceAdmitted(Supplier<T> create) {
        AtomicReference<T> created = new AtomicReference<>();
        await("Pods admitted once the webhook's cache has the baseline applied").atMost(CACHE_LAG)
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    try {
                        created.set(create.get());
                    } catch (RuntimeException e) {
                        if (e.getMessage() == null || !e.getMessage().contains(NOT_APPLIED)) {
                            throw e;
                        }
                        throw new AssertionError(e.getMessage(), e);
                    }
                });
        return created.get();
    }
}
