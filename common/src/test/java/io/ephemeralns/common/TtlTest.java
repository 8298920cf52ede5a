package io.ephemeralns.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {

    @ParameterizedTest(name = "\"{0}\" is {1} seconds")
    @CsvSource({
        "90s, 90",
        "45m, 2700",
        "24h, 86400",
        "1h30m, 5400",
        "7d, 604800",
        "2w, 1209600",
        "1w2d3h4m5s, 788645",
        "30m1h, 5400",
        "007m, 420",
    })
    void parsesEveryFormOfTheGrammar(String text, long seconds) {
        assertThat(Ttl.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"24H", "0s", "0h0m", "1", "h", "1.5h", "-1h", "+1h", "1h ", " 1h", "1 h", "1x", "1hm",
        "1ms", "1y", "ttl", "１h", "99999999999999h", "1000000w"})
    void refusesAnythingOutsideTheGrammar(String text) {
        assertThatThrownBy(() -> Ttl.parse(text))
                .isInstanceOf(InvalidTtlException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining(Ttl.ACCEPTED);
    }

    @Test
    void errorMessageNamesTheValueAndTheAcceptedForms() {
        assertThatThrownBy(() -> Ttl.parse("24H"))
                .hasMessage("ttl \"24H\" is not valid: use digits followed by s, m, h, d or w, e.g. 90m, 24h, 1h30m, 7d");
    }

    @Test
    void errorMessageSaysWhyZeroIsRefused() {
        assertThatThrownBy(() -> Ttl.parse("0s")).hasMessageStartingWith("ttl \"0s\" is not valid (it is zero)");
    }

    @Test
    void emptyAndMissingValuesAreRefusedWithAMessage() {
        assertThatThrownBy(() -> Ttl.parse("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> Ttl.parse(null)).hasMessageStartingWith("ttl (none) is not valid");
    }

    @Test
    void tryParseIsEmptyForInvalidText() {
        assertThat(Ttl.tryParse("24H")).isEmpty();
        assertThat(Ttl.tryParse(null)).isEmpty();
        assertThat(Ttl.tryParse("24h")).contains(Duration.ofHours(24));
    }

    @ParameterizedTest(name = "{0} seconds prints as \"{1}\"")
    @CsvSource({
        "1, 1s",
        "90, 1m30s",
        "5400, 1h30m",
        "86400, 1d",
        "604800, 1w",
        "1209600, 2w",
        "694800, 1w1d1h",
    })
    void printsDurationsInCanonicalForm(long seconds, String text) {
        assertThat(Ttl.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\" survives a round trip")
    @ValueSource(strings = {"1m30s", "45m", "1h30m", "6d", "2w", "1w2d3h4m5s"})
    void printingWhatWasParsedGivesTheCanonicalTextBack(String text) {
        assertThat(Ttl.format(Ttl.parse(text))).isEqualTo(text);
    }

    @Test
    void printingUsesTheLargestUnitsSoEqualDurationsPrintAlike() {
        assertThat(Ttl.format(Ttl.parse("90s"))).isEqualTo(Ttl.format(Ttl.parse("1m30s"))).isEqualTo("1m30s");
        assertThat(Ttl.format(Ttl.parse("7d"))).isEqualTo("1w");
    }

    @Test
    void printingDropsSubSecondParts() {
        assertThat(Ttl.format(Duration.ofMillis(1500))).isEqualTo("1s");
    }

    @Test
    void printingRefusesZeroAndNegativeDurations() {
        assertThatThrownBy(() -> Ttl.format(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ttl.format(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class);
    }
}
