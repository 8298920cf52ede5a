package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ephemeralns.common.ProductKeys;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image pull secrets in the baseline against the fabric8 mock server in CRUD mode (no admission, no RBAC, no
 * ServiceAccount controller: the tests create the {@code default} ServiceAccount themselves; the end-to-end suite
 * proves the rest on a real API server).
 */
@QuarkusTest
@TestProfile(PullSecretReconcilerTest.Profiles.class)
@WithKubernetesTestServer
class PullSecretReconcilerTest extends ReconcilerOnTheMock {

    /** Profiles copying ci-secrets/regcred (default), ci-secrets/late (late) and ci-secrets/opaque (wrongtype). */
    public static class Profiles extends BaselineReconcilerTest.Profiles {
        @Override
        protected String file() {
            return "test-pull-secret-profiles.yaml";
        }
    }

    private static final String SOURCES = "ci-secrets";
    private static final String DOCKER = "kubernetes.io/dockerconfigjson";

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeEach
    void regcredExists() {
        if (client.secrets().inNamespace(SOURCES).withName("regcred").get() == null) {
            client.secrets().inNamespace(SOURCES).resource(source("regcred", DOCKER, "e30=")).create();
        }
    }

    private static Secret source(String name, String type, String data) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(SOURCES).endMetadata()
                .withType(type).addToData(".dockerconfigjson", data).build();
    }

    /** A CI namespace of the profile, with its default ServiceAccount naming a pull secret of the pipeline's own. */
    private void ciNamespace(String name, String profile) {
        defaultServiceAccount(name);
        ciNamespaceWithoutServiceAccount(name, profile);
    }

    private void ciNamespaceWithoutServiceAccount(String name, String profile) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(Map.of("created-by", "ci-cd", "ttl", "1h", ProductKeys.PROFILE, profile)).endMetadata().build())
                .create();
    }

    private void defaultServiceAccount(String namespace) {
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("default")
                .endMetadata().addNewImagePullSecret("pipelines-own").build()).create();
    }

    private Map<String, String> annotations(String namespace) {
        Map<String, String> annotations = client.namespaces().withName(namespace).get().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private void awaitApplied(String namespace) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(annotations(namespace).get(ProductKeys.BASELINE)));
    }

    private Secret copy(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName("ephemeral-ns-pull-" + name).get();
    }

    private List<String> attached(String namespace) {
        ServiceAccount account = client.serviceAccounts().inNamespace(namespace).withName("default").get();
        return account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
    }

    @Test
    void copiesTheSourceAndAttachesItToTheDefaultServiceAccountKeepingThePipelinesOwn() {
        ciNamespace("ci-pull", "default");

        awaitApplied("ci-pull");
        Secret source = client.secrets().inNamespace(SOURCES).withName("regcred").get();
        Secret copy = copy("ci-pull", "regcred");
        assertThat(copy.getType()).isEqualTo(DOCKER);
        assertThat(copy.getData()).isEqualTo(source.getData());
        assertThat(copy.getMetadata().getLabels()).containsEntry(ProductKeys.BASELINE_OBJECT, "true");
        assertThat(copy.getMetadata().getAnnotations()).containsEntry(PullSecretCopy.SOURCE, "ci-secrets/regcred")
                .containsEntry(PullSecretCopy.SOURCE_UID, source.getMetadata().getUid())
                .containsEntry(PullSecretCopy.SOURCE_VERSION, source.getMetadata().getResourceVersion());
        assertThat(attached("ci-pull")).containsExactly("pipelines-own", "ephemeral-ns-pull-regcred");
    }

    @Test
    void aRotatedSourceIsCopiedAgain() {
        ciNamespace("ci-rotate", "default");
        awaitApplied("ci-rotate");

        client.secrets().inNamespace(SOURCES).withName("regcred")
                .edit(secret -> new SecretBuilder(secret).withData(Map.of(".dockerconfigjson", "cm90YXRlZA==")).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            reconciler.reconcile("ci-rotate");
            return "cm90YXRlZA==".equals(copy("ci-rotate", "regcred").getData().get(".dockerconfigjson"));
        });
        assertThat(copy("ci-rotate", "regcred").getMetadata().getAnnotations().get(PullSecretCopy.SOURCE_VERSION))
                .isEqualTo(client.secrets().inNamespace(SOURCES).withName("regcred").get().getMetadata().getResourceVersion());
    }

    @Test
    void marksTheNamespaceOnlyOnceItsDefaultServiceAccountExistsAndCarriesTheCopy() {
        ciNamespaceWithoutServiceAccount("ci-no-account", "default");
        await().atMost(Duration.ofSeconds(20)).until(() -> copy("ci-no-account", "regcred") != null);

        assertThatThrownBy(() -> reconciler.reconcile("ci-no-account"))
                .hasMessageContaining("ServiceAccount default of namespace ci-no-account does not exist yet");
        assertThat(annotations("ci-no-account")).doesNotContainKey(ProductKeys.BASELINE);

        defaultServiceAccount("ci-no-account");

        awaitApplied("ci-no-account");
        assertThat(attached("ci-no-account")).containsExactly("pipelines-own", "ephemeral-ns-pull-regcred");
    }

    @Test
    void aNamespaceThatEqualsItsProfileWithItsPullSecretCostsNoRequest() {
        ciNamespace("ci-pull-unchanged", "default");
        awaitApplied("ci-pull-unchanged");

        assertAReconcileCostsNoRequest("ci-pull-unchanged", () -> server.getKubernetesMockServer().getRequestCount());
    }

    @Test
    void aCopyAPipelineRemovedFromTheServiceAccountIsAttachedAgainWithoutAResync() {
        ciNamespace("ci-watched", "default");
        awaitApplied("ci-watched");

        client.serviceAccounts().inNamespace("ci-watched").withName("default").edit(account -> new ServiceAccountBuilder(account)
                .withImagePullSecrets(new LocalObjectReference("pipelines-own")).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> attached("ci-watched").contains("ephemeral-ns-pull-regcred"));
    }

    @Test
    void aMissingSourceIsReportedAndTheNamespaceWaitsUntilItIsCreated() {
        ciNamespace("ci-late", "late");

        await().atMost(Duration.ofSeconds(20)).until(() -> annotations("ci-late").containsKey(ProductKeys.BASELINE_REASON));
        assertThat(annotations("ci-late").get(ProductKeys.BASELINE_REASON)).contains("image pull secret ci-secrets/late not found");
        assertThat(annotations("ci-late")).doesNotContainKey(ProductKeys.BASELINE);
        assertThat(reconciler.reconcile("ci-late")).isEqualTo(ReconcileResult.PULL_SECRET_MISSING);
        assertThat(reconciles("pull_secret_missing")).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> missingGauge("ci-secrets/late") == 1);
        List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> "ci-late".equals(event.getInvolvedObject().getName())).toList();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getReason()).isEqualTo(BaselineEvents.PULL_SECRET_MISSING);
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("ci-secrets/late");
        });

        client.secrets().inNamespace(SOURCES).resource(source("late", DOCKER, "e30=")).create();

        awaitApplied("ci-late");
        assertThat(annotations("ci-late").get(ProductKeys.BASELINE_REASON)).isNull();
        assertThat(copy("ci-late", "late")).isNotNull();
        assertThat(missingGauge("ci-secrets/late")).isZero();
    }

    @Test
    void aSourceOfAnotherTypeIsReportedWithItsType() {
        client.secrets().inNamespace(SOURCES).resource(new SecretBuilder().withNewMetadata().withName("opaque")
                .withNamespace(SOURCES).endMetadata().withType("Opaque").addToData("token", "c2VjcmV0").build()).create();

        ciNamespace("ci-opaque", "wrongtype");

        await().atMost(Duration.ofSeconds(20)).until(() -> annotations("ci-opaque").containsKey(ProductKeys.BASELINE_REASON));
        assertThat(annotations("ci-opaque").get(ProductKeys.BASELINE_REASON)).contains("ci-secrets/opaque has type Opaque");
        assertThat(copy("ci-opaque", "opaque")).isNull();
        assertThat(annotations("ci-opaque")).doesNotContainKey(ProductKeys.BASELINE);
    }

    private double missingGauge(String source) {
        return registry.get("ephemeral.ns.baseline.pull.secret.missing").tag("source", source).gauge().value();
    }
}
