package io.mailfleet.testing.clients.imap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run changed, read from mbsync's progress counters as a terminal shows them. */
class MbsyncTest {

    static Stream<Arguments> counters() {
        return Stream.of(
                Arguments.of("nothing to do",
                        "\rC: 0/1  B: 0/2  F: +0/0 *0/0 #0/0  N: +0/0 *0/0 #0/0\rC: 1/1  B: 2/2  F: +0/0 *0/0 #0/0  N: +0/0 *0/0 #0/0\r\n",
                        List.of()),
                Arguments.of("only the last counters count",
                        "\rC: 0/1  B: 0/2  F: +0/0 *0/0 #0/0  N: +0/3 *0/0 #0/0\rC: 1/1  B: 2/2  F: +1/1 *1/1 #1/1  N: +3/3 *0/0 #0/0\r\n",
                        List.of("server: 1 new", "server: 1 flag changes", "server: 1 deleted", "maildir: 3 new")),
                Arguments.of("isync 1.5 counts expunges too",
                        "\rC: 1/1  B: 1/1  F: +0/0 *0/0 #0/0 -2/2  N: +0/0 *2/2 #0/0 -0/0\r\n",
                        List.of("server: 2 expunged", "maildir: 2 flag changes")),
                Arguments.of("no counters: mbsync failed before syncing", "Error: cannot open store\n", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counters")
    void reportsTheNonZeroCountersOfTheLastProgressLine(String what, String output, List<String> expected) {
        assertThat(Mbsync.changes(output)).containsExactlyElementsOf(expected);
    }
}
