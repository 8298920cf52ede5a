package io.ephemeralns.janitor.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A paged listing whose {@code continue} token expired (410 Gone: the pages would no longer be one snapshot) is
 * started again from the first page, a few times at most; any other failure is the caller's.
 */
public final class ExpiredListings {

    private static final Logger LOG = Logger.getLogger(ExpiredListings.class);
    /** Restarts at most, after which the 410 is thrown. */
    static final int MAX_RESTARTS = 3;

    private ExpiredListings() {
    }

    /**
     * The listing's result, listing again after a 410.
     *
     * @param what names the listing in the log line of a restart
     * @throws KubernetesClientException when a page cannot be read
     */
    public static <T> T restarting(String what, Supplier<T> listing) {
        for (int attempt = 0; ; attempt++) {
            try {
                return listing.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt >= MAX_RESTARTS) {
                    throw e;
                }
                LOG.infof("%s listing expired (410 Gone: %s); listing again", what, e.getMessage());
            }
        }
    }
}
