package io.mailfleet.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A reader must deliver the same events however the network splits its input. */
class SplitInputTest {

    private static final ReaderLimits LIMITS = new ReaderLimits(300, 200, 1000, ReaderLimits.LITERAL_MINUS_LIMIT, 7);

    static List<String> inputs() {
        return List.of(
        "a1 LOGIN {4}\r\nfred {6+}\r\nsecret\r\na2 SELECT \"INBOX\" (CONDSTORE)\r\n",
        "a3 APPEND {5+}\r\nINBOX (\\Seen \\Draft) \" 1-Jan-2020 10:00:00 +0100\" {12}\r\nHello\r\nWorld\r\n"
                + " ~{4+}\r\nA\0\r\nZ\r\na4 NOOP\r\n",
        "a5 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (From {7+}\r\nSubject)]<0.100> BINARY[1.2])\r\n",
        "a6 LOGIN {201}\r\na7 LOGIN {4097+}\r\n" + "\u00e9" + "x".repeat(4094) + "\r\n\r\na8 NOOP\r\n",
        "a9 SEARCH CHARSET UTF-8 OR (SUBJECT {4+}\r\nAB\r\n FROM x) NOT 1:3,$\r\n+bad\r\nz1 STATUS x (MESSAGES)\r\n");
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void everySplitGivesTheSameEvents(String text) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        List<String> whole = Transcript.of(LIMITS, input);
        assertThat(whole).isNotEmpty();
        for (int offset = 0; offset <= input.length; offset++) {
            assertThat(Transcript.of(LIMITS, input, offset)).as("split at %d", offset).isEqualTo(whole);
        }
        int[] everyByte = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            everyByte[i] = i;
        }
        assertThat(Transcript.of(LIMITS, input, everyByte)).as("one octet at a time").isEqualTo(whole);
    }
}
