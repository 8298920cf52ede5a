package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact comparison of a live baseline object with its profile: the subversions of issue 11 (a default-deny with
 * allow-all rules, a quota with a scopeSelector matching nothing), foreign labels, annotations, finalizers and owners.
 */
class BaselineComparisonTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String DEFAULT_DENY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: ephemeral-ns-default-deny
              namespace: test-a
              labels: {ephemeral-ns.io/baseline: "true", app.kubernetes.io/managed-by: ephemeral-ns}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """;
    private static final String QUOTA = """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: ephemeral-ns-quota
              namespace: test-a
              labels: {ephemeral-ns.io/baseline: "true", app.kubernetes.io/managed-by: ephemeral-ns}
            spec:
              hard: {pods: "20", requests.cpu: "4"}
            """;
    private static final String BINDING = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: ephemeral-ns-janitor-access
              namespace: test-a
              labels: {ephemeral-ns.io/baseline: "true", app.kubernetes.io/managed-by: ephemeral-ns}
              finalizers: [ephemeral-ns.io/janitor-access]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ephemeral-ns-janitor-in-ci-namespaces}
            subjects: [{kind: ServiceAccount, name: ephemeral-ns-janitor, namespace: ephemeral-ns}]
            """;

    private static final String PULL_SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: ephemeral-ns-pull-regcred
              namespace: test-a
              labels: {ephemeral-ns.io/baseline: "true", app.kubernetes.io/managed-by: ephemeral-ns}
              annotations: {ephemeral-ns.io/pull-secret-source: ci-secrets/regcred}
            type: kubernetes.io/dockerconfigjson
            data: {.dockerconfigjson: e30=}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        try {
            return YAML.readValue(text, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The desired object with {@code edit} (YAML of the same object with fields changed) merged in, as the live one. */
    private static Map<String, Object> live(String desired, String server, String edit) {
        Map<String, Object> live = yaml(desired);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) live.get("metadata");
        metadata.putAll(yaml("{uid: 1f2e, resourceVersion: \"42\", creationTimestamp: \"2026-11-26T10:00:00Z\","
                + " generation: 3, managedFields: [{manager: kubectl, operation: Update}]}"));
        deepMerge(live, yaml(server));
        deepMerge(live, yaml(edit));
        return live;
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<String, Object> edit) {
        edit.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
                deepMerge((Map<String, Object>) existing, (Map<String, Object>) map);
            } else {
                into.put(key, value);
            }
        });
    }

    private static String object(String name) {
        return switch (name) {
            case "default-deny" -> DEFAULT_DENY;
            case "quota" -> QUOTA;
            case "pull-secret" -> PULL_SECRET;
            default -> BINDING;
        };
    }

    @ParameterizedTest(name = "{0}: {1} -> differs in {2}")
    @CsvSource(delimiter = '|', textBlock = """
        default-deny | {spec: {ingress: [{}], egress: [{}]}}                                  | spec
        default-deny | {spec: {policyTypes: [Ingress]}}                                       | spec
        default-deny | {spec: {podSelector: {matchLabels: {app: none}}}}                      | spec
        quota        | {spec: {scopeSelector: {matchExpressions: [{operator: Exists, scopeName: PriorityClass}]}}} | spec
        quota        | {spec: {scopes: [Terminating]}}                                        | spec
        quota        | {spec: {hard: {pods: "2000"}}}                                         | spec
        quota        | {metadata: {labels: {team: x}}}                                        | metadata.labels
        quota        | {metadata: {labels: {ephemeral-ns.io/baseline: "false"}}}              | metadata.labels
        quota        | {metadata: {annotations: {note: mine}}}                                | metadata.annotations
        quota        | {metadata: {finalizers: [example.com/hold]}}                           | metadata.finalizers
        quota        | {metadata: {ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: c, uid: u}]}} | metadata.ownerReferences
        quota        | {extra: field}                                                         | extra
        binding      | {subjects: [{kind: ServiceAccount, name: default, namespace: test-a}]} | subjects
        binding      | {metadata: {finalizers: []}}                                           | metadata.finalizers
        binding      | {roleRef: {name: admin}}                                               | roleRef
        """)
    void findsEveryForeignOrChangedField(String name, String edit, String difference) {
        Map<String, Object> desired = yaml(object(name));

        assertThat(BaselineComparison.differences(desired, live(object(name), "{}", edit))).containsExactly(difference);
    }

    @ParameterizedTest(name = "{0} equals its profile with {1}")
    @CsvSource(delimiter = '|', textBlock = """
        default-deny | {}
        quota        | {status: {hard: {pods: "20"}, used: {pods: "3"}}}
        quota        | {spec: {hard: {pods: 20}}}
        binding      | {metadata: {deletionGracePeriodSeconds: 0}}
        """)
    void ignoresWhatTheApiServerOwnsAndComparesScalarsByValue(String name, String serverFields) {
        Map<String, Object> desired = yaml(object(name));

        assertThat(BaselineComparison.equal(desired, live(object(name), serverFields, "{}"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        absent labels equal empty ones | {labels: {}} | {}
        absent finalizers equal empty ones | {finalizers: []} | {}
        """)
    void treatsAbsentAndEmptyMetadataAlike(String what, String desiredMetadata, String liveMetadata) {
        Map<String, Object> desired = yaml("{apiVersion: v1, kind: ConfigMap, metadata: " + desiredMetadata + "}");
        Map<String, Object> live = yaml("{apiVersion: v1, kind: ConfigMap, metadata: " + liveMetadata + "}");

        assertThat(BaselineComparison.equal(desired, live)).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        binding      | {roleRef: {name: admin}}                                               | RECREATE
        quota        | {spec: {scopes: [Terminating]}}                                        | RECREATE
        quota        | {spec: {scopeSelector: {matchExpressions: [{operator: Exists, scopeName: PriorityClass}]}}} | UPDATE
        binding      | {subjects: [{kind: ServiceAccount, name: default, namespace: test-a}]} | UPDATE
        default-deny | {spec: {ingress: [{}], egress: [{}]}}                                  | UPDATE
        quota        | {}                                                                     | NONE
        pull-secret  | {type: Opaque}                                                         | RECREATE
        pull-secret  | {data: {.dockerconfigjson: bmV3}}                                      | UPDATE
        quota        | {metadata: {deletionTimestamp: "2026-11-26T11:00:00Z", finalizers: [example.com/hold]}} | RELEASE
        """)
    void decidesTheRepair(String name, String edit, RepairAction expected) {
        assertThat(RepairAction.decide(yaml(object(name)), live(object(name), "{}", edit))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void createsAMissingObject() {
        assertThat(RepairAction.decide(yaml(QUOTA), null)).isEqualTo(RepairAction.CREATE);
    }

    @org.junit.jupiter.api.Test
    void listsEveryDifferenceInAStableOrder() {
        Map<String, Object> live = live(DEFAULT_DENY, "{}", "{spec: {ingress: [{}]}, metadata: {labels: {x: y}, annotations: {a: b}}}");

        assertThat(BaselineComparison.differences(yaml(DEFAULT_DENY), live))
                .isEqualTo(List.of("spec", "metadata.labels", "metadata.annotations"));
    }
}
