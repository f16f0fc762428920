package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingOutputStreamTest {

    private static byte[] encode(byte[] message, int... cuts) throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(target);
        int from = 0;
        for (int cut : cuts) {
            out.write(message, from, cut - from);
            from = cut;
        }
        out.write(message, from, message.length - from);
        out.finish();
        return target.toByteArray();
    }

    private static String encode(String message) throws IOException {
        return new String(encode(message.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty message | '' | .\\r\\n",
        "one line | a\\r\\n | a\\r\\n.\\r\\n",
        "no final line end | a | a\\r\\n.\\r\\n",
        "leading dot doubled | .a\\r\\n | ..a\\r\\n.\\r\\n",
        "lone dot line | a\\r\\n.\\r\\nb\\r\\n | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
        "dot at the very start | . | ..\\r\\n.\\r\\n",
        "dot inside a line kept | a.b\\r\\n | a.b\\r\\n.\\r\\n",
        "two dots | ..\\r\\n | ...\\r\\n.\\r\\n",
        "bare LF | a\\nb\\n | a\\r\\nb\\r\\n.\\r\\n",
        "bare CR | a\\rb\\r | a\\r\\nb\\r\\n.\\r\\n",
        "LF CR is two line ends | a\\n\\rb | a\\r\\n\\r\\nb\\r\\n.\\r\\n",
        "CR CR LF | a\\r\\r\\nb | a\\r\\n\\r\\nb\\r\\n.\\r\\n",
        "bare LF dot LF cannot end the data | a\\n.\\nb | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
        "CR dot CR | a\\r.\\r | a\\r\\n..\\r\\n.\\r\\n",
        "empty lines kept | \\r\\n\\r\\n | \\r\\n\\r\\n.\\r\\n",
        "ends with CR | a\\r | a\\r\\n.\\r\\n",
    })
    void encodes(String name, String message, String wire) throws IOException {
        assertThat(encode(unescape(message))).isEqualTo(unescape(wire));
    }

    @Test
    void eightBitOctetsPassUnchanged() throws IOException {
        byte[] utf8 = "caf\u00e9 \u20ac\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Arrays.copyOf(utf8, utf8.length + 3);
        expected[utf8.length] = '.';
        expected[utf8.length + 1] = '\r';
        expected[utf8.length + 2] = '\n';
        assertThat(encode(utf8)).isEqualTo(expected);
    }

    @Test
    void splittingAtEveryPairOfOffsetsGivesTheSameBytes() throws IOException {
        byte[] message = "..a\r\n.\r\nb\n.\nc\r.\r\r\n\r\n.d".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = encode(message);
        for (int first = 0; first <= message.length; first++) {
            for (int second = first; second <= message.length; second++) {
                assertThat(encode(message, first, second)).as("cut at %d and %d", first, second).isEqualTo(whole);
            }
        }
    }

    @Test
    void byteByByteGivesTheSameBytesAsOneWrite() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = {'.', '\r', '\n', 'a', (byte) 0xE9};
        for (int round = 0; round < 200; round++) {
            byte[] message = new byte[random.nextInt(40)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream target = new ByteArrayOutputStream();
            DotStuffingOutputStream out = new DotStuffingOutputStream(target);
            for (byte b : message) {
                out.write(b);
            }
            out.finish();
            assertThat(target.toByteArray()).isEqualTo(encode(message));
            assertWellFormed(target.toByteArray());
        }
    }

    @Test
    void aLargeMessageStreamsThroughTheSmallBuffer() throws IOException {
        byte[] line = ".0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
        CountingStream target = new CountingStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(target);
        for (int i = 0; i < 100_000; i++) {
            out.write(line);
        }
        out.finish();
        assertThat(target.count).isEqualTo(100_000L * (line.length + 2) + 3);
        assertThat(target.largestWrite).isLessThanOrEqualTo(8192);
    }

    @Test
    void finishIsOnceAndTheTargetStaysOpen() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the target must stay open");
            }
        };
        DotStuffingOutputStream out = new DotStuffingOutputStream(target);
        out.write('x');
        out.close();
        out.finish();
        assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("x\r\n.\r\n");
        assertThatThrownBy(() -> out.write('y')).isInstanceOf(IOException.class);
    }

    /** Only CRLF line ends, and the only line that is a lone dot is the last. */
    private static void assertWellFormed(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        assertThat(text).endsWith(".\r\n");
        String[] lines = text.substring(0, text.length() - 2).split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).doesNotContain("\r", "\n");
            assertThat(lines[i].equals(".")).as("line %d is a lone dot", i).isEqualTo(i == lines.length - 1);
        }
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static final class CountingStream extends OutputStream {
        long count;
        int largestWrite;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            largestWrite = Math.max(largestWrite, len);
        }
    }
}
