package io.ephemeralns.webhook.rules;

import static io.ephemeralns.webhook.rules.Fixtures.CREATED;
import static io.ephemeralns.webhook.rules.Fixtures.NOW;
import static io.ephemeralns.webhook.rules.Fixtures.SETTINGS;
import static io.ephemeralns.webhook.rules.Fixtures.ci;
import static io.ephemeralns.webhook.rules.Fixtures.ns;
import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import io.ephemeralns.webhook.rules.Fixtures.Obj;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelWindowTest {

    private static final CiSettings BY_NAME = CiSettings.builder().namePattern(Optional.of("^test-"))
            .ownNamespace(Optional.of("ephemeral-ns")).labelWindow(Duration.ofMinutes(5)).build();

    private static NamespaceView view(Obj object) {
        return NamespaceView.of(Fixtures.MAPPER.convertValue(object.map(), io.fabric8.kubernetes.api.model.Namespace.class));
    }

    static Stream<Arguments> updates() {
        Obj old = ns("team-a").created(CREATED);
        Obj fresh = ns("team-a").created(NOW.minusSeconds(300));
        Obj justLate = ns("team-a").created(NOW.minusSeconds(301));
        Obj admitted = ci("team-a").created(CREATED).label("ttl", "1h").label(ProductKeys.MANAGED, "true");
        Obj selectorOnly = ci("team-a").created(CREATED).label("ttl", "1h");
        Obj terminating = ns("team-a").created(CREATED).deleting(NOW);
        Obj freshTerminating = ns("team-a").created(NOW.minusSeconds(10)).deleting(NOW);
        return Stream.of(
                Arguments.of("labelling a namespace an hour after its creation", old, ci("team-a").created(CREATED), SETTINGS, true),
                Arguments.of("labelling a namespace at the end of its window", fresh, ci("team-a").created(fresh.created), SETTINGS,
                        false),
                Arguments.of("labelling a namespace a second after its window", justLate,
                        ci("team-a").created(justLate.created), SETTINGS, true),
                Arguments.of("an unrelated change of an old namespace", old, old.copy().label("team", "a"), SETTINGS, false),
                Arguments.of("any change of an admitted CI namespace", admitted, admitted.copy().label("keep", "true"), SETTINGS,
                        false),
                Arguments.of("a change of an old namespace with the CI labels that was never admitted", selectorOnly,
                        selectorOnly.copy().label("keep", "true"), SETTINGS, true),
                Arguments.of("a change of an old namespace whose name matches the name pattern", ns("test-a").created(CREATED),
                        ns("test-a").created(CREATED).label("team", "a"), BY_NAME, true),
                Arguments.of("labelling an old terminating namespace", terminating,
                        ci("team-a").created(CREATED).deleting(NOW), SETTINGS, true),
                Arguments.of("labelling a terminating namespace within its window", freshTerminating,
                        ci("team-a").created(freshTerminating.created).deleting(NOW), SETTINGS, true),
                Arguments.of("a label change of a terminating namespace that keeps it out of CI", freshTerminating,
                        freshTerminating.copy().label("team", "a"), SETTINGS, false),
                Arguments.of("the namespace controller finalizing an old terminating namespace with the CI labels",
                        selectorOnly.copy().deleting(NOW), selectorOnly.copy().deleting(NOW), SETTINGS, false),
                Arguments.of("labelling an old protected namespace", ns("kube-public").created(CREATED),
                        ci("kube-public").created(CREATED), SETTINGS, false));
    }

    @ParameterizedTest(name = "{0}: refused = {4}")
    @MethodSource("updates")
    void refusesMakingANamespaceCiAfterItsWindow(String what, Obj old, Obj object, CiSettings settings, boolean refused) {
        assertThat(LabelWindow.refusal(view(old), view(object), false, settings, NOW).isPresent()).isEqualTo(refused);
    }

    @Test
    void letsAnExemptIdentityLabelAnOldNamespace() {
        assertThat(LabelWindow.refusal(view(ns("team-a").created(CREATED)), view(ci("team-a").created(CREATED)), true,
                SETTINGS, NOW)).isEmpty();
    }

    @Test
    void neverRefusesACreate() {
        assertThat(LabelWindow.refusal(null, view(ci("team-a")), false, SETTINGS, NOW)).isEmpty();
    }

    @Test
    void saysWhenTheNamespaceWasCreatedTheWindowAndWhatToDo() {
        String message = LabelWindow.refusal(view(ns("team-a").created(CREATED)), view(ci("team-a").created(CREATED)), false,
                SETTINGS, NOW).orElseThrow();

        assertThat(message).contains("namespace team-a was created at 2026-11-26T09:00:00Z", "within 5m",
                "ephemeral-ns.label-window", "Create a new namespace with the labels",
                "kubectl label namespace <new-name> created-by=ci-cd ttl=24h");
    }

    @Test
    void saysThatATerminatingNamespaceCannotBecomeCi() {
        Obj terminating = ns("team-a").created(NOW.minusSeconds(10)).deleting(NOW);
        String message = LabelWindow.refusal(view(terminating), view(ci("team-a").created(terminating.created).deleting(NOW)),
                false, SETTINGS, NOW).orElseThrow();

        assertThat(message).contains("namespace team-a is being deleted (since 2026-11-26T10:00:00Z)",
                "cannot become a CI namespace", "create a new namespace with the labels");
    }

    @Test
    void theWindowIsTheSharedSetting() {
        CiSettings wide = CiSettings.builder().ownNamespace(Optional.of("ephemeral-ns"))
                .labelWindow(Duration.ofHours(2)).build();
        assertThat(LabelWindow.refusal(view(ns("team-a").created(CREATED)), view(ci("team-a").created(CREATED)), false, wide,
                NOW)).isEmpty();
    }
}
