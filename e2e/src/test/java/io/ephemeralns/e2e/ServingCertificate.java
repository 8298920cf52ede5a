package io.ephemeralns.e2e;

import java.nio.file.Path;

/**
 * The webhook's serving certificate for {@code 127.0.0.1} and its key, made by {@code e2e/scripts/install.sh}: the
 * API server trusts it through the webhook configurations' {@code caBundle}, exactly as in a cluster.
 */
record ServingCertificate(Path cert, Path key) {
}
