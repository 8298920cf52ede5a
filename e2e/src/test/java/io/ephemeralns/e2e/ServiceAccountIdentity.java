package io.ephemeralns.e2e;

import java.nio.file.Path;

/**
 * A program's identity on the real API server: the ServiceAccount the Helm chart created (with the chart's RBAC,
 * so least privilege is tested for real) and a kubeconfig with a token of it from the TokenRequest API, written by
 * {@code e2e/scripts/install.sh}, the way a program outside the cluster is pointed at one.
 */
final class ServiceAccountIdentity {

    static final String NAMESPACE = "ephemeral-ns";

    final String serviceAccount;
    final Path kubeconfig;

    ServiceAccountIdentity(String serviceAccount, Path kubeconfig) {
        this.serviceAccount = serviceAccount;
        this.kubeconfig = kubeconfig;
    }
}
