package io.ephemeralns.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.common.CiSettings;
import io.ephemeralns.common.NamespaceView;
import io.ephemeralns.common.ProductKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtendedEventTest {

    private static final CiSettings SETTINGS = CiSettings.defaults("ephemeral-ns");
    private static final Instant CREATED = Instant.parse("2026-11-26T09:00:00Z");
    private static final Map<String, String> CI_LABELS = Map.of("created-by", "ci-cd", "ttl", "2h", "branch", "main",
            ProductKeys.MANAGED, "true");
    private static final Map<String, String> ADMITTED = Map.of(ProductKeys.EXPIRES_AT, "2026-11-26T11:00:00Z");
    private static final Map<String, String> EXTENDED = Map.of(ProductKeys.EXPIRES_AT, "2026-11-26T14:00:00Z",
            ProductKeys.EXTENDED_AT, "2026-11-26T10:00:00Z", ProductKeys.EXTENDED_BY, "system:serviceaccount:ci-runner:pipeline",
            ProductKeys.EXTENDED_FOR, "4h");

    private static NamespaceView ns(Map<String, String> labels, Map<String, String> annotations, Instant deleting) {
        return new NamespaceView("test-a", "uid-a", Optional.of(CREATED), Optional.ofNullable(deleting), labels, annotations);
    }

    @Test
    void aNewExtendedAtOnACiNamespaceIsAnExtendedEventSayingWhoHowLongAndUntilWhen() {
        Optional<ExtendedEvent> event = ExtendedEvent.of(SETTINGS, ns(CI_LABELS, ADMITTED, null), ns(CI_LABELS, EXTENDED, null));

        assertThat(event).contains(new ExtendedEvent("test-a", "uid-a", "test-a.extended.1795687200",
                Instant.parse("2026-11-26T10:00:00Z"), "extended by system:serviceaccount:ci-runner:pipeline for 4h at"
                        + " 2026-11-26T10:00:00Z: expires at 2026-11-26T14:00:00Z (branch main, commit none)"));
    }

    @Test
    void aLaterExtensionIsANewEventWithAnotherName() {
        Map<String, String> later = new HashMap<>(EXTENDED);
        later.put(ProductKeys.EXTENDED_AT, "2026-11-26T12:00:00Z");

        assertThat(ExtendedEvent.of(SETTINGS, ns(CI_LABELS, EXTENDED, null), ns(CI_LABELS, later, null)))
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("test-a.extended.1795694400"));
    }

    @Test
    void anUnchangedExtendedAtIsNoEvent() {
        assertThat(ExtendedEvent.of(SETTINGS, ns(CI_LABELS, EXTENDED, null), ns(CI_LABELS, EXTENDED, null))).isEmpty();
    }

    @Test
    void aTerminatingNamespaceIsNoEvent() {
        assertThat(ExtendedEvent.of(SETTINGS, ns(CI_LABELS, ADMITTED, null), ns(CI_LABELS, EXTENDED, CREATED))).isEmpty();
    }

    @Test
    void aNamespaceThatIsNotCiIsNoEvent() {
        assertThat(ExtendedEvent.of(SETTINGS, ns(Map.of(), Map.of(), null), ns(Map.of(), EXTENDED, null))).isEmpty();
    }

    @Test
    void anUnreadableExtendedAtIsNoEvent() {
        Map<String, String> unreadable = new HashMap<>(EXTENDED);
        unreadable.put(ProductKeys.EXTENDED_AT, "now");

        assertThat(ExtendedEvent.of(SETTINGS, ns(CI_LABELS, ADMITTED, null), ns(CI_LABELS, unreadable, null))).isEmpty();
    }
}
