package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TailBufferTest {

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("nothing written keeps nothing", 4, List.of(), ""),
                Arguments.of("less than the capacity is kept whole", 8, List.of("abc", "de"), "abcde"),
                Arguments.of("exactly the capacity is kept whole", 5, List.of("abc", "de"), "abcde"),
                Arguments.of("more than the capacity keeps the last bytes", 4, List.of("abc", "def", "g"), "defg"),
                Arguments.of("one write longer than the capacity keeps its end", 3, List.of("a", "bcdefgh"), "fgh"),
                Arguments.of("writes that wrap around the ring stay in order", 5, List.of("abcd", "efg", "hi", "jkl"), "hijkl"),
                Arguments.of("a long write after a short one still ends the tail", 3, List.of("ab", "cdefg", "h"), "fgh"),
                Arguments.of("a capacity of zero keeps nothing", 0, List.of("abc"), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void keepsTheLastBytesWrittenInOrder(String description, int capacity, List<String> chunks, String tail) {
        TailBuffer buffer = new TailBuffer(capacity);

        chunks.forEach(chunk -> buffer.write(chunk.getBytes(StandardCharsets.UTF_8), 0, chunk.length()));

        assertThat(new String(buffer.tail(), StandardCharsets.UTF_8)).isEqualTo(tail);
        assertThat(buffer.total()).isEqualTo(chunks.stream().mapToInt(String::length).sum());
    }
}
