package io.ephemeralns.webhook.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ephemeralns.webhook.baseline.PendingNamespaces.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two priorities of the reconcile queue, as tables: what is added, in which order, and what comes out. */
class PendingNamespacesTest {

    /** Adds "name:E" (event) or "name:R" (resync) entries in order, then polls everything. */
    private static List<String> drain(String additions) {
        PendingNamespaces pending = new PendingNamespaces();
        for (String entry : additions.split(" ")) {
            String[] parts = entry.split(":");
            pending.add(parts[0], "E".equals(parts[1]) ? Priority.EVENT : Priority.RESYNC);
        }
        List<String> order = new ArrayList<>();
        for (Optional<String> next = pending.poll(); next.isPresent(); next = pending.poll()) {
            order.add(next.get());
        }
        return order;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        events before resync entries, whenever they arrive | a:R b:R c:R new:E              | new a b c
        each priority in order of arrival                  | a:R b:E c:R d:E                | b d a c
        an event for a name waiting for resync moves it up | a:R b:R c:R b:E                | b a c
        a resync entry never moves an event down           | a:E b:E a:R                    | a b
        a name queued twice runs once                      | a:R a:R b:E b:E                | b a
        """)
    void runsEventsFirstAndEachNameOnce(String rule, String additions, String expected) {
        assertThat(drain(additions)).containsExactly(expected.split(" "));
    }
}
