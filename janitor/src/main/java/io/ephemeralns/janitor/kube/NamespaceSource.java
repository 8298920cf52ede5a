package io.ephemeralns.janitor.kube;

import io.ephemeralns.common.NamespaceView;
import java.util.function.Consumer;

/**
 * Where a sweep gets the namespaces in the janitor's scope: listed from the API server ({@link NamespaceLister}, the
 * one-shot mode) or taken from the watch-fed cache (the Deployment mode), metadata only either way.
 */
public interface NamespaceSource {

    /**
     * Feeds every namespace in scope to {@code sink}; calls {@code restart} before starting over (a listing whose
     * {@code continue} token expired), after which the sink must forget what it saw.
     *
     * @return the number of API requests made
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the namespaces cannot be had
     */
    int scan(Consumer<NamespaceView> sink, Runnable restart);
}
