package io.ephemeralns.webhook.baseline;

import io.ephemeralns.webhook.config.JanitorAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineProfilesTest {

    private static final BaselineProfiles SHIPPED = ProfilesFile.load(Optional.empty());

    private static final String TWO = """
            profiles:
              default:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: ephemeral-ns-info, namespace: {{NAMESPACE}}}
                  data: {namespace: "{{NAMESPACE}}", unquoted: {{NAMESPACE}}}
              small:
                - apiVersion: v1
                  kind: LimitRange
                  metadata: {name: ephemeral-ns-small-limits, labels: {team: x}}
            """;

    private static NamespaceView ns(String name, String profile) {
        Map<String, String> labels = new HashMap<>(Map.of("created-by", "ci-cd"));
        if (profile != null) {
            labels.put(ProductKeys.PROFILE, profile);
        }
        return new NamespaceView(name, "uid", Optional.empty(), Optional.empty(), labels, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }

    @Test
    void shipsTheSeedsFiveObjectsAsTheDefaultProfile() {
        BaselinePlan plan = SHIPPED.plan(ns("test-a", null));

        assertThat(plan.profile()).isEqualTo("default");
        assertThat(plan.objects()).extracting(o -> o.get("kind") + "/" + meta(o).get("name")).containsExactly(
                "ResourceQuota/ephemeral-ns-quota",
                "LimitRange/ephemeral-ns-limits",
                "NetworkPolicy/ephemeral-ns-default-deny",
                "NetworkPolicy/ephemeral-ns-allow-same-namespace",
                "NetworkPolicy/ephemeral-ns-allow-egress");
        assertThat(plan.objects().get(0).get("spec")).isEqualTo(Map.of("hard", Map.of("requests.cpu", "4",
                "requests.memory", "8Gi", "limits.cpu", "8", "limits.memory", "16Gi", "pods", "20")));
        assertThat(plan.objects().get(1).get("spec").toString()).contains("type=Container",
                "default={cpu=500m, memory=512Mi}", "defaultRequest={cpu=100m, memory=128Mi}",
                "max={cpu=2, memory=4Gi}", "min={cpu=50m, memory=64Mi}");
        assertThat(plan.objects().get(2).get("spec").toString()).contains("podSelector={}", "policyTypes=[Ingress, Egress]");
        assertThat(plan.objects().get(4).get("spec").toString()).contains("name=shared-services", "protocol=TCP, port=53",
                "protocol=UDP, port=53");
    }

    @Test
    void namespacesAndLabelsEveryPlannedObject() {
        assertThat(SHIPPED.plan(ns("test-b", null)).objects()).allSatisfy(object -> {
            assertThat(meta(object)).containsEntry("namespace", "test-b");
            assertThat((Map<String, Object>) meta(object).get("labels"))
                    .containsEntry(ProductKeys.BASELINE_OBJECT, "true").containsEntry(ProductKeys.MANAGED_BY, "ephemeral-ns");
        });
    }

    @Test
    void replacesThePlaceholderQuotedOrNot() {
        Map<String, Object> object = BaselineProfiles.parse("two.yaml", TWO).plan(ns("test-c", null)).objects().get(0);

        assertThat(object.get("data")).isEqualTo(Map.of("namespace", "test-c", "unquoted", "test-c"));
    }

    @Test
    void choosesTheProfileByLabelAndKeepsItsOwnLabels() {
        BaselinePlan plan = BaselineProfiles.parse("two.yaml", TWO).plan(ns("test-d", "small"));

        assertThat(plan.profile()).isEqualTo("small");
        assertThat(plan.fellBack()).isFalse();
        assertThat((Map<String, Object>) meta(plan.objects().get(0)).get("labels")).containsEntry("team", "x")
                .containsEntry(ProductKeys.BASELINE_OBJECT, "true");
    }

    @Test
    void fallsBackToTheDefaultProfileForAnUnknownOne() {
        BaselinePlan plan = BaselineProfiles.parse("two.yaml", TWO).plan(ns("test-e", "gpu"));

        assertThat(plan.profile()).isEqualTo("default");
        assertThat(plan.requestedProfile()).isEqualTo("gpu");
        assertThat(plan.fellBack()).isTrue();
    }

    @Test
    void listsTheProfileNames() {
        assertThat(BaselineProfiles.parse("two.yaml", TWO).names()).containsExactly("default", "small");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        profiles: [unclosed                                                   | not valid YAML
        other: {}                                                             | expected a map with key "profiles"
        profiles: {small: []}                                                 | there is no profile "default"
        profiles: {default: {a: b}}                                           | profile default: expected a list
        profiles: {'bad name!': [], default: []}                              | profile bad name!: the name is not a label value
        profiles: {default: [text]}                                           | profiles.default[0]: expected a Kubernetes manifest
        profiles: {default: [{kind: ResourceQuota, metadata: {name: ephemeral-ns-q}}]} | profiles.default[0]: apiVersion is missing
        profiles: {default: [{apiVersion: v1, metadata: {name: ephemeral-ns-q}}]}      | profiles.default[0]: kind is missing
        profiles: {default: [{apiVersion: v1, kind: Namespace, metadata: {name: ephemeral-ns-q}}]} | not a Namespace
        profiles: {default: [{apiVersion: v1, kind: ResourceQuota, metadata: {name: compute-quota}}]} | profiles.default[0] (ResourceQuota): metadata.name must start with ephemeral-ns-
        profiles: {default: [{apiVersion: v1, kind: ResourceQuota, metadata: {name: ephemeral-ns-q, namespace: prod}}]} | metadata.namespace must be absent or {{NAMESPACE}}
        """)
    void refusesAMalformedFileNamingFileDocumentAndReason(String yaml, String reason) {
        assertThatThrownBy(() -> BaselineProfiles.parse("/etc/profiles.yaml", yaml))
                .isInstanceOf(ProfileFileException.class)
                .hasMessageStartingWith("baseline profiles file /etc/profiles.yaml")
                .hasMessageContaining(reason);
    }

    @Test
    void namesAnUnreadableFile() {
        assertThatThrownBy(() -> ProfilesFile.load(Optional.of("/nonexistent/profiles.yaml")))
                .hasMessageContaining("/nonexistent/profiles.yaml").hasMessageContaining("cannot be read");
    }

    @Test
    void acceptsAnEmptyProfile() {
        assertThat(BaselineProfiles.parse("f", "profiles: {default: []}").plan(ns("x", null)).objects()).isEqualTo(List.of());
    }

    private static BaselineProfiles shipped(Optional<String> productNamespace, JanitorAccess access) {
        return ProfilesFile.load(Optional.empty(), new ProfileSettings(productNamespace,
                ProfileSettings.DEFAULT_SERVICE_ACCOUNT, ProfileSettings.DEFAULT_CLUSTER_ROLE, access));
    }

    private static Optional<Map<String, Object>> janitorBinding(BaselinePlan plan) {
        return plan.objects().stream().filter(o -> "ephemeral-ns-janitor-access".equals(meta(o).get("name"))).findFirst();
    }

    @Test
    void bindsTheJanitorToItsClusterRoleInsideEachCiNamespaceWithTheFinalizer() {
        BaselinePlan plan = shipped(Optional.of("ephemeral-ns"), JanitorAccess.FINALIZER).plan(ns("test-f", null));

        Map<String, Object> binding = janitorBinding(plan).orElseThrow();
        assertThat(binding).containsEntry("kind", "RoleBinding")
                .containsEntry("roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole",
                        "name", "ephemeral-ns-janitor-in-ci-namespaces"))
                .containsEntry("subjects", List.of(Map.of("kind", "ServiceAccount", "name", "ephemeral-ns-janitor",
                        "namespace", "ephemeral-ns")));
        assertThat(meta(binding)).containsEntry("namespace", "test-f")
                .containsEntry("finalizers", List.of("ephemeral-ns.io/janitor-access"));
    }

    @ParameterizedTest(name = "janitor-access {0}, product namespace {1}: binding {2}, finalizer {3}")
    @CsvSource({
        "FINALIZER, ephemeral-ns, true,  true",
        "BINDING,   ephemeral-ns, true,  false",
        "OFF,       ephemeral-ns, false, false",
        "FINALIZER, '',           false, false"})
    void plansTheJanitorsAccessAsConfigured(JanitorAccess access, String productNamespace, boolean binding, boolean finalizer) {
        BaselinePlan plan = shipped(Optional.of(productNamespace).filter(n -> !n.isEmpty()), access).plan(ns("test-g", null));

        assertThat(janitorBinding(plan).isPresent()).isEqualTo(binding);
        assertThat(plan.objects()).hasSize(binding ? 6 : 5);
        assertThat(janitorBinding(plan).map(o -> meta(o).containsKey("finalizers")).orElse(false)).isEqualTo(finalizer);
    }

    @Test
    void fillsTheProductPlaceholdersFromTheSettings() {
        String text = """
                profiles:
                  default:
                    - apiVersion: rbac.authorization.k8s.io/v1
                      kind: RoleBinding
                      metadata: {name: ephemeral-ns-janitor-access}
                      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{JANITOR_CLUSTER_ROLE}}}
                      subjects: [{kind: ServiceAccount, name: {{JANITOR_SERVICE_ACCOUNT}}, namespace: {{PRODUCT_NAMESPACE}}}]
                """;
        BaselineProfiles profiles = BaselineProfiles.parse("f", text, new ProfileSettings(Optional.of("platform"),
                "cleaner", "cleaner-in-ci", JanitorAccess.BINDING));

        Map<String, Object> binding = profiles.plan(ns("test-h", null)).objects().get(0);

        assertThat(binding.get("roleRef").toString()).contains("name=cleaner-in-ci");
        assertThat(binding.get("subjects")).isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", "cleaner",
                "namespace", "platform")));
    }

    @Test
    void reservesTheNamesOfEveryProfileAndListsTheirKinds() {
        BaselineProfiles profiles = shipped(Optional.of("ephemeral-ns"), JanitorAccess.FINALIZER);

        assertThat(profiles.reservedNames()).containsExactly("ephemeral-ns-allow-egress", "ephemeral-ns-allow-same-namespace",
                "ephemeral-ns-default-deny", "ephemeral-ns-janitor-access", "ephemeral-ns-limits", "ephemeral-ns-quota");
        assertThat(profiles.kinds()).containsExactly(List.of("v1", "ResourceQuota"), List.of("v1", "LimitRange"),
                List.of("networking.k8s.io/v1", "NetworkPolicy"), List.of("rbac.authorization.k8s.io/v1", "RoleBinding"));
        assertThat(BaselineProfiles.parse("two.yaml", TWO).reservedNames()).containsExactly("ephemeral-ns-info",
                "ephemeral-ns-small-limits");
    }

    @Test
    void plansAFreshCopyEachTime() {
        BaselineProfiles profiles = BaselineProfiles.parse("two.yaml", TWO);
        meta(profiles.plan(ns("test-i", null)).objects().get(0)).put("name", "changed");

        assertThat(meta(profiles.plan(ns("test-j", null)).objects().get(0))).containsEntry("name", "ephemeral-ns-info")
                .containsEntry("namespace", "test-j");
    }

    private static final String WITH_PULL_SECRETS = TWO + """
            imagePullSecrets:
              default:
                - {namespace: ci-secrets, name: regcred}
                - {namespace: ci-secrets, name: mirror}
              small:
                - {namespace: ci-secrets, name: regcred}
            """;

    @Test
    void plansTheImagePullSecretsOfTheNamespacesProfile() {
        BaselineProfiles profiles = BaselineProfiles.parse("p.yaml", WITH_PULL_SECRETS);

        assertThat(profiles.plan(ns("test-a", null)).pullSecrets()).containsExactly(new PullSecretRef("ci-secrets", "regcred"),
                new PullSecretRef("ci-secrets", "mirror"));
        assertThat(profiles.plan(ns("test-b", "small")).pullSecrets()).containsExactly(new PullSecretRef("ci-secrets", "regcred"));
        assertThat(profiles.pullSecretSources()).containsExactly(new PullSecretRef("ci-secrets", "regcred"),
                new PullSecretRef("ci-secrets", "mirror"));
    }

    @Test
    void reservesTheCopiesNames() {
        assertThat(BaselineProfiles.parse("p.yaml", WITH_PULL_SECRETS).reservedNames())
                .contains("ephemeral-ns-pull-regcred", "ephemeral-ns-pull-mirror");
    }

    @Test
    void aFileWithoutImagePullSecretsPlansNone() {
        assertThat(BaselineProfiles.parse("p.yaml", TWO).plan(ns("test-a", null)).pullSecrets()).isEmpty();
        assertThat(SHIPPED.pullSecretSources()).isEmpty();
    }
}
