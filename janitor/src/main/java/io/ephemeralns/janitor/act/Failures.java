package io.ephemeralns.janitor.act;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** How a failure on one namespace is named in the log line that reports it (the sweep, or the run of deletions, then goes on). */
public final class Failures {

    private Failures() {
    }

    /** {@code HTTP 500: etcd timeout} for API errors, the exception itself otherwise. */
    public static String reason(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "HTTP " + k.getCode() + ": " + k.getMessage();
        }
        return e.toString();
    }
}
