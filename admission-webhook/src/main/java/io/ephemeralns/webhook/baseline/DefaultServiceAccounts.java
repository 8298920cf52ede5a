package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.namespaces.ManagedFieldsStrippingStore;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The ServiceAccounts named {@value ServiceAccountPullSecrets#SERVICE_ACCOUNT} of every namespace, as last seen, for
 * the image pull secrets ({@link ServiceAccountPullSecrets}): started only when a profile copies any. One informer
 * with a {@code metadata.name} field selector, which RBAC with {@code resourceNames: [default]} authorizes; it lets a
 * reconcile of a namespace whose ServiceAccount names its copies cost no request, and reports a change of a
 * ServiceAccount's {@code imagePullSecrets} (a pipeline removed a copy) and a ServiceAccount created (the namespace
 * waited for it) so that the namespace is reconciled at once. Until it has synced, {@link #get} reads by GET.
 */
@Singleton
class DefaultServiceAccounts {

    private static final Logger LOG = Logger.getLogger(DefaultServiceAccounts.class);

    private final KubernetesClient client;
    private SharedIndexInformer<ServiceAccount> informer;

    @Inject
    DefaultServiceAccounts(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Starts the informer in the background; it retries for ever.
     *
     * @param created a namespace's ServiceAccount appeared (also each one listed at start-up)
     * @param changed a namespace's ServiceAccount changed its imagePullSecrets, or was deleted
     */
    void start(Consumer<String> created, Consumer<String> changed) {
        informer = client.serviceAccounts().inAnyNamespace().withField("metadata.name", ServiceAccountPullSecrets.SERVICE_ACCOUNT)
                .runnableInformer(0);
        informer.itemStore(new ManagedFieldsStrippingStore<>());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ServiceAccount account) {
                created.accept(account.getMetadata().getNamespace());
            }

            @Override
            public void onUpdate(ServiceAccount before, ServiceAccount after) {
                if (!Objects.equals(before.getImagePullSecrets(), after.getImagePullSecrets())) {
                    changed.accept(after.getMetadata().getNamespace());
                }
            }

            @Override
            public void onDelete(ServiceAccount account, boolean unknownFinalState) {
                changed.accept(account.getMetadata().getNamespace());
            }
        });
        AtomicBoolean reported = new AtomicBoolean();
        informer.exceptionHandler((started, error) -> {
            if (reported.compareAndSet(false, true)) {
                LOG.warnf("watch of the ServiceAccounts %s failed, retrying (until it works, each reconcile reads them"
                        + " from the API server): %s", ServiceAccountPullSecrets.SERVICE_ACCOUNT, error.toString());
            }
            return true;
        });
        informer.start();
    }

    void stop() {
        if (informer != null) {
            informer.stop();
        }
    }

    /** True when not started (no profile copies pull secrets) or synced. */
    boolean synced() {
        return informer == null || informer.hasSynced();
    }

    /** The namespace's ServiceAccount as last seen (never to be modified: copy it), or by GET until synced. */
    Optional<ServiceAccount> get(String namespace) {
        if (informer != null && informer.hasSynced()) {
            return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + ServiceAccountPullSecrets.SERVICE_ACCOUNT));
        }
        return Optional.ofNullable(client.serviceAccounts().inNamespace(namespace)
                .withName(ServiceAccountPullSecrets.SERVICE_ACCOUNT).get());
    }
}
