package io.ephemeralns.common;

import static io.ephemeralns.common.Fixtures.T0;
import static io.ephemeralns.common.Fixtures.ci;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.Admission.Verdict;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionTest {

    private static final Instant LATER = T0.plusSeconds(600);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("selector labels without managed=true are not admitted",
                        ci("a").view(), Verdict.NOT_ADMITTED),
                Arguments.of("managed=false is not admitted",
                        ci("a").label(ProductKeys.MANAGED, "false").view(), Verdict.NOT_ADMITTED),
                Arguments.of("managed with admitted-at at creation is admitted",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:00:00Z").view(), Verdict.ADMITTED),
                Arguments.of("managed with admitted-at after creation and no deletion is admitted",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:04:00Z").view(), Verdict.ADMITTED),
                Arguments.of("managed before admitted-at existed counts as admitted at creation",
                        managed().view(), Verdict.ADMITTED),
                Arguments.of("a legacy managed namespace that is terminating is admitted",
                        managed().deleting(LATER).view(), Verdict.ADMITTED),
                Arguments.of("admitted before the deletion started is admitted",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:04:00Z").deleting(LATER).view(),
                        Verdict.ADMITTED),
                Arguments.of("admitted after the deletion started is refused",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:11:00Z").deleting(LATER).view(),
                        Verdict.ADMITTED_AFTER_DELETION),
                Arguments.of("admitted in the same second as the deletion, later than creation, is admitted (it was written first)",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:10:00Z").deleting(LATER).view(),
                        Verdict.ADMITTED),
                Arguments.of("admitted at creation and deleted within the same second is admitted",
                        managed().annotation(ProductKeys.ADMITTED_AT, "2026-11-26T10:00:00Z").deleting(T0).view(),
                        Verdict.ADMITTED),
                Arguments.of("an unreadable admitted-at is not admitted",
                        managed().annotation(ProductKeys.ADMITTED_AT, "yesterday").view(), Verdict.NOT_ADMITTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theJanitorActsOnlyOnNamespacesTheWebhookAdmittedBeforeTheirDeletion(String rule, NamespaceView namespace,
            Verdict expected) {
        assertThat(Admission.of(namespace, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withoutRequiredAdmissionTheSelectorsLabelsAreTrusted(String rule, NamespaceView namespace, Verdict ignored) {
        assertThat(Admission.of(namespace, false)).isEqualTo(Verdict.ADMITTED);
    }

    private static Fixtures.Builder managed() {
        return ci("a").label(ProductKeys.MANAGED, "true");
    }
}
