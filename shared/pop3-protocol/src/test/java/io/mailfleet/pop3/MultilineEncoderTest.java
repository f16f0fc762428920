package io.mailfleet.pop3;

import static io.mailfleet.pop3.Harness.unescape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The multi-line body of RETR and TOP (RFC 1939 §3, §7), for every way storage may split the content. */
class MultilineEncoderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty message | '' | .\\r\\n",
        "one line | a\\r\\n | a\\r\\n.\\r\\n",
        "line of just a dot | a\\r\\n.\\r\\nb\\r\\n | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
        "dot first in the message | .a\\r\\n | ..a\\r\\n.\\r\\n",
        "line of two dots | ..\\r\\n | ...\\r\\n.\\r\\n",
        "dot within a line kept | a.b\\r\\n. c\\r\\n | a.b\\r\\n.. c\\r\\n.\\r\\n",
        "no final CRLF | a\\r\\nb | a\\r\\nb\\r\\n.\\r\\n",
        "ends in a lone dot | a\\r\\n. | a\\r\\n..\\r\\n.\\r\\n",
        "only a dot | . | ..\\r\\n.\\r\\n",
        "ends in CR | a\\r | a\\r\\r\\n.\\r\\n",
        "only CRLF | \\r\\n | \\r\\n.\\r\\n",
        "dot after a bare LF is doubled too | a\\n.b\\r\\n | a\\n..b\\r\\n.\\r\\n",
        "the end-of-data sequence inside | a\\r\\n.\\r\\n.\\r\\n | a\\r\\n..\\r\\n..\\r\\n.\\r\\n",
    })
    void retrSplitAtEveryOffset(String name, String stored, String expected) {
        assertEncodedAtEverySplit(unescape(stored), MultilineEncoder::whole, unescape(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "m=0 | A: 1\\r\\nB: 2\\r\\n\\r\\nl1\\r\\nl2\\r\\n | 0 | A: 1\\r\\nB: 2\\r\\n\\r\\n.\\r\\n",
        "m=1 | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n | 1 | A: 1\\r\\n\\r\\nl1\\r\\n.\\r\\n",
        "m equal to the body | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n | 2 | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n.\\r\\n",
        "m larger than the body | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n | 10 | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n.\\r\\n",
        "m larger, no final CRLF | A: 1\\r\\n\\r\\nl1\\r\\nl2 | 10 | A: 1\\r\\n\\r\\nl1\\r\\nl2\\r\\n.\\r\\n",
        "m cuts before the unterminated last line | A: 1\\r\\n\\r\\nl1\\r\\nl2 | 1 | A: 1\\r\\n\\r\\nl1\\r\\n.\\r\\n",
        "no body | A: 1\\r\\nB: 2\\r\\n | 0 | A: 1\\r\\nB: 2\\r\\n.\\r\\n",
        "header without a line end | A: 1 | 3 | A: 1\\r\\n.\\r\\n",
        "blank line only | \\r\\n | 0 | \\r\\n.\\r\\n",
        "empty header section | \\r\\nl1\\r\\nl2\\r\\n | 1 | \\r\\nl1\\r\\n.\\r\\n",
        "folded header field | A: 1\\r\\n 2\\r\\n\\r\\nb\\r\\n | 0 | A: 1\\r\\n 2\\r\\n\\r\\n.\\r\\n",
        "blank body lines count | A: 1\\r\\n\\r\\n\\r\\n\\r\\nx\\r\\n | 2 | A: 1\\r\\n\\r\\n\\r\\n\\r\\n.\\r\\n",
        "dot lines in the body | A: 1\\r\\n\\r\\n.\\r\\n..\\r\\nx\\r\\n | 2 | A: 1\\r\\n\\r\\n..\\r\\n...\\r\\n.\\r\\n",
        "a CR alone is not a blank line | A: 1\\r\\n\\r \\r\\n\\r\\nb\\r\\n | 0 | A: 1\\r\\n\\r \\r\\n\\r\\n.\\r\\n",
        "empty message | '' | 0 | .\\r\\n",
    })
    void topSplitAtEveryOffset(String name, String stored, long bodyLines, String expected) {
        assertEncodedAtEverySplit(unescape(stored), () -> MultilineEncoder.top(bodyLines), unescape(expected));
    }

    @Test
    void realisticMessageSplitAtEveryPairOfOffsets() {
        String stored = "Received: from x\r\n\tby y\r\nSubject: dots\r\n\r\n.\r\n..\r\n.x\r\nend.\r\n.";
        String expected = "Received: from x\r\n\tby y\r\nSubject: dots\r\n\r\n..\r\n...\r\n..x\r\nend.\r\n..\r\n.\r\n";
        byte[] bytes = stored.getBytes(StandardCharsets.US_ASCII);
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                MultilineEncoder encoder = MultilineEncoder.whole();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(encoder.encode(Arrays.copyOfRange(bytes, 0, first)));
                out.writeBytes(encoder.encode(Arrays.copyOfRange(bytes, first, second)));
                out.writeBytes(encoder.encode(Arrays.copyOfRange(bytes, second, bytes.length)));
                out.writeBytes(encoder.finish());
                assertThat(out.toString(StandardCharsets.US_ASCII)).as("split at %d and %d", first, second)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void topStopsWantingContentAtTheCut() {
        MultilineEncoder encoder = MultilineEncoder.top(1);
        assertThat(encoder.encode(bytes("A: 1\r\n\r\nfirst\r\nsec"))).isEqualTo(bytes("A: 1\r\n\r\nfirst\r\n"));
        assertThat(encoder.wantsMore()).isFalse();
        assertThat(encoder.encode(bytes("ond\r\n.\r\n"))).isEmpty();
        assertThat(encoder.finish()).isEqualTo(bytes(".\r\n"));
        MultilineEncoder whole = MultilineEncoder.whole();
        whole.encode(bytes("A: 1\r\n\r\nbody\r\n"));
        assertThat(whole.wantsMore()).isTrue();
    }

    @Test
    void encodesTheGivenRangeOnly() {
        MultilineEncoder encoder = MultilineEncoder.whole();
        assertThat(encoder.encode(bytes("xx.a\r\nyy"), 2, 4)).isEqualTo(bytes("..a\r\n"));
        assertThatThrownBy(() -> encoder.encode(new byte[3], 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void oneEncoderServesOneResponse() {
        MultilineEncoder encoder = MultilineEncoder.whole();
        encoder.finish();
        assertThatThrownBy(() -> encoder.encode(bytes("a"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(encoder::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MultilineEncoder.top(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendMessageGivesTheEncoderItsCommandNeeds() {
        MaildropMessage message = new MaildropMessage("id", 20);
        byte[] stored = bytes("A: 1\r\n\r\nbody\r\n");
        MultilineEncoder retr = new Question.SendMessage(1, message, OptionalLong.empty()).encoder();
        MultilineEncoder top = new Question.SendMessage(1, message, OptionalLong.of(0)).encoder();
        assertThat(retr.encode(stored)).isEqualTo(stored);
        assertThat(top.encode(stored)).isEqualTo(bytes("A: 1\r\n\r\n"));
    }

    /** Every split into two chunks, and octet by octet, gives the same response. */
    private static void assertEncodedAtEverySplit(String stored, Supplier<MultilineEncoder> encoders, String expected) {
        byte[] bytes = stored.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= bytes.length; cut++) {
            MultilineEncoder encoder = encoders.get();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(encoder.encode(Arrays.copyOfRange(bytes, 0, cut)));
            out.writeBytes(encoder.encode(Arrays.copyOfRange(bytes, cut, bytes.length)));
            out.writeBytes(encoder.finish());
            assertThat(out.toString(StandardCharsets.US_ASCII)).as("split at %d", cut).isEqualTo(expected);
        }
        MultilineEncoder encoder = encoders.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            out.writeBytes(encoder.encode(bytes, i, 1));
        }
        out.writeBytes(encoder.finish());
        assertThat(out.toString(StandardCharsets.US_ASCII)).as("octet by octet").isEqualTo(expected);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
