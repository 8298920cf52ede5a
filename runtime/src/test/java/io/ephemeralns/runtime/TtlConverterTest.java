package io.ephemeralns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ephemeralns.common.Ttl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlConverterTest {

    private final TtlConverter converter = new TtlConverter();

    @Test
    void readsTheTtlGrammar() {
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert(" 7d ")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aBlankValueIsNotSet() {
        assertThat(converter.convert(" ")).isNull();
    }

    @Test
    void anInvalidValueIsNamedWithTheAcceptedForms() {
        assertThatThrownBy(() -> converter.convert("PT10M"))
                .hasMessage("\"PT10M\" is not a valid duration: " + Ttl.ACCEPTED);
    }
}
