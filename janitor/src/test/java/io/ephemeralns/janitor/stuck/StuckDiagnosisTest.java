package io.ephemeralns.janitor.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Diagnoses from namespace states recorded on the real control plane (conditions as kube-controller-manager writes them). */
class StuckDiagnosisTest {

    private static final NamespaceCondition FINALIZERS_REMAINING = new NamespaceCondition("NamespaceFinalizersRemaining",
            "True", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: example.com/cleanup in 2 resource instances");
    private static final NamespaceCondition CONTENT_REMAINING = new NamespaceCondition("NamespaceContentRemaining", "True",
            "SomeResourcesRemain",
            "Some resources are remaining: configmaps. has 1 resource instances, widgets.example.com has 1 resource instances");
    private static final NamespaceCondition DISCOVERY_FAILURE = new NamespaceCondition("NamespaceDeletionDiscoveryFailure",
            "True", "DiscoveryFailed",
            "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.example.com/v1: stale GroupVersion discovery: metrics.example.com/v1");

    @Test
    void namesTheObjectsWaitingOnEachFinalizer() {
        String reason = StuckDiagnosis.diagnose(List.of(FINALIZERS_REMAINING, CONTENT_REMAINING), List.of(
                object("", "configmaps", "app-state", "example.com/cleanup"),
                object("example.com", "widgets", "w1", "example.com/cleanup")), List.of());
        assertThat(reason).isEqualTo("2 objects wait on finalizer example.com/cleanup: configmap/app-state, widgets.example.com/w1");
    }

    @Test
    void namesTheUnavailableApiServiceBehindADiscoveryFailure() {
        String reason = StuckDiagnosis.diagnose(List.of(DISCOVERY_FAILURE), List.of(),
                List.of(new UnavailableApiService("v1.metrics.example.com", "service/ephemeral-ns/missing is not found")));
        assertThat(reason).isEqualTo("discovery fails: unavailable APIService v1.metrics.example.com"
                + " (service/ephemeral-ns/missing is not found)");
    }

    @Test
    void reportsObjectsWithoutFinalizersThatRemain() {
        String reason = StuckDiagnosis.diagnose(List.of(CONTENT_REMAINING), List.of(object("", "configmaps", "a")), List.of());
        assertThat(reason).isEqualTo("1 object remains: configmap/a");
    }

    @Test
    void fallsBackToTheConditionsWhenTheObjectsCannotBeListed() {
        String reason = StuckDiagnosis.diagnose(List.of(FINALIZERS_REMAINING), List.of(), List.of());
        assertThat(reason).startsWith("NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining");
    }

    @Test
    void saysSoWhenNothingIsReported() {
        assertThat(StuckDiagnosis.diagnose(List.of(), List.of(), List.of()))
                .isEqualTo("no blocking condition reported; waiting for the namespace controller");
    }

    @Test
    void listsAtMostFiveNamesAndCountsTheRest() {
        List<RemainingObject> many = List.of(object("", "configmaps", "a", "f"), object("", "configmaps", "b", "f"),
                object("", "configmaps", "c", "f"), object("", "configmaps", "d", "f"), object("", "configmaps", "e", "f"),
                object("", "configmaps", "g", "f"), object("", "configmaps", "h", "f"));
        assertThat(StuckDiagnosis.diagnose(List.of(), many, List.of())).isEqualTo(
                "7 objects wait on finalizer f: configmap/a, configmap/b, configmap/c, configmap/d, configmap/e and 2 more");
    }

    @Test
    void leavesTheJanitorsOwnAccessBindingOutOfTheDiagnosis() {
        List<RemainingObject> objects = List.of(object("", "configmaps", "app-state", "example.com/never"),
                object("rbac.authorization.k8s.io", "rolebindings", "ephemeral-ns-janitor-access",
                        "ephemeral-ns.io/janitor-access"));
        assertThat(StuckDiagnosis.diagnose(List.of(), objects, List.of()))
                .isEqualTo("1 object waits on finalizer example.com/never: configmap/app-state");
    }

    @Test
    void keepsCountsButOnlyTheFirstNamesOfThousandsOfObjects() {
        StuckDiagnosis.Collector collector = new StuckDiagnosis.Collector();
        for (int i = 9999; i >= 0; i--) {
            collector.add(object("example.com", "widgets", String.format("w%04d", i), "example.com/never"));
        }
        assertThat(collector.diagnose(List.of(), List.of())).isEqualTo("10000 objects wait on finalizer example.com/never:"
                + " widgets.example.com/w0000, widgets.example.com/w0001, widgets.example.com/w0002,"
                + " widgets.example.com/w0003, widgets.example.com/w0004 and 9995 more");
        assertThat(collector.withFinalizers()).isEqualTo(10000);
    }

    @Test
    void readsTheRemainingCountsPerKindAndPerFinalizer() {
        NamespaceCondition finalizers = new NamespaceCondition("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: example.com/never in 3 resource instances,"
                        + " kubernetes.io/pvc-protection in 1 resource instances");
        assertThat(RemainingKinds.content(List.of(CONTENT_REMAINING)))
                .containsExactly(java.util.Map.entry("configmaps.", 1), java.util.Map.entry("widgets.example.com", 1));
        assertThat(RemainingKinds.finalizers(List.of(finalizers)))
                .containsExactly(java.util.Map.entry("example.com/never", 3), java.util.Map.entry("kubernetes.io/pvc-protection", 1));
    }

    @Test
    void isOneLineAndBounded() {
        String reason = StuckDiagnosis.diagnose(List.of(new NamespaceCondition("X", "True", "r", "line\n".repeat(300))),
                List.of(), List.of());
        assertThat(reason).doesNotContain("\n").hasSizeLessThanOrEqualTo(StuckDiagnosis.MAX_LENGTH);
    }

    @Test
    void readsTheRemainingKindsFromTheConditionMessage() {
        assertThat(RemainingKinds.parse(List.of(CONTENT_REMAINING)))
                .containsExactly(new GroupResource("", "configmaps"), new GroupResource("example.com", "widgets"));
    }

    static RemainingObject object(String group, String resource, String name, String... finalizers) {
        return new RemainingObject(group, "v1", resource, name, List.of(finalizers), Optional.of(Instant.EPOCH));
    }
}
